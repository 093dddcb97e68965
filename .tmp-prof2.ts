import { parseXlSyntax } from './src/formats/xlcfg-syntax.js';
import { buildDomainConfig } from './src/formats/xlcfg-domain.js';
import { readFileSync } from 'node:fs';
const text = readFileSync('.tmp-prof.ts','utf8').split('`')[1]!;
const syn = parseXlSyntax(text, 'x');
for (let i=0;i<20000;i++) buildDomainConfig(syn.settings, syn.issues, { file: 'x', dialect: 'xl', style: 'xl', styleReasons: [], xmDisks: false });
