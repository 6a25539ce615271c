/** Small statistics for the benchmarks: median, spread, percentiles and a least-squares line. */

/** The value at quantile q (0..1) of the values, linear interpolation between ranks. */
export function quantile(values: readonly number[], q: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = (sorted.length - 1) * Math.min(1, Math.max(0, q));
	const low = Math.floor(rank);
	const high = Math.ceil(rank);
	return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
}

export function median(values: readonly number[]): number {
	return quantile(values, 0.5);
}

/** Median and the range it comes from: what a figure "x (min–max, n)" shows. */
export interface Spread {
	median: number;
	min: number;
	max: number;
	n: number;
}

export function spread(values: readonly number[]): Spread {
	return {
		median: median(values),
		min: values.length === 0 ? NaN : Math.min(...values),
		max: values.length === 0 ? NaN : Math.max(...values),
		n: values.length,
	};
}

/** Least-squares line y = intercept + slope * x, with R² (1 = every point on the line). */
export interface LinearFit {
	slope: number;
	intercept: number;
	r2: number;
	n: number;
}

export function linearFit(xs: readonly number[], ys: readonly number[]): LinearFit {
	const n = Math.min(xs.length, ys.length);
	if (n < 2) return { slope: NaN, intercept: NaN, r2: NaN, n };
	let sumX = 0;
	let sumY = 0;
	for (let i = 0; i < n; i++) {
		sumX += xs[i];
		sumY += ys[i];
	}
	const meanX = sumX / n;
	const meanY = sumY / n;
	let sxx = 0;
	let sxy = 0;
	let syy = 0;
	for (let i = 0; i < n; i++) {
		sxx += (xs[i] - meanX) ** 2;
		sxy += (xs[i] - meanX) * (ys[i] - meanY);
		syy += (ys[i] - meanY) ** 2;
	}
	const slope = sxx === 0 ? NaN : sxy / sxx;
	const intercept = meanY - slope * meanX;
	let ssRes = 0;
	for (let i = 0; i < n; i++) ssRes += (ys[i] - (intercept + slope * xs[i])) ** 2;
	return { slope, intercept, r2: syy === 0 ? 1 : 1 - ssRes / syy, n };
}

/** Ratio a/b of two medians, NaN when b is 0. */
export function ratio(a: number, b: number): number {
	return b === 0 ? NaN : a / b;
}
