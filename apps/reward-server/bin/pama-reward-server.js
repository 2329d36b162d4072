#!/usr/bin/env node
// Committed launcher so npm links the bin at install time, before dist/ is built.
import '../dist/bin.js';
