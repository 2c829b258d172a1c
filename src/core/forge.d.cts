import type forge from 'node-forge';

declare function loadForge(): typeof forge;
export = loadForge;
