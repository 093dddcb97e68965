#!/usr/bin/env node
console.log('xenscope');
