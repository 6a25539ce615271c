// Copies what tsc does not emit next to the compiled files, where n8n looks for them:
// node and credential icons, and the nodes' codex files (*.node.json).
const { parallel, src, dest, task } = require('gulp');

function copyNodeAssets() {
	return src('nodes/**/*.{png,svg,node.json}', { encoding: false }).pipe(dest('dist/nodes'));
}

function copyCredentialIcons() {
	return src('credentials/**/*.{png,svg}', { encoding: false }).pipe(dest('dist/credentials'));
}

task('build:icons', parallel(copyNodeAssets, copyCredentialIcons));
