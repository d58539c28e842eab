#!/usr/bin/env node
// The sleeper: reads an optional number from a file, walks to bed, sleeps, and answers with
// a random number in a file (output_1) and a random interval (output_2). Shared by every
// release folder beside it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const inputFolder = process.env.INPUT_FOLDER;
const outputFolder = process.env.OUTPUT_FOLDER;
// One "second" of sleep; a host may shorten it (e.g. in its own tests) without changing the ports.
const secondMs = Number(process.env.OSPARC_SLEEPER_SECOND_MS ?? 1000);

function fail(message) {
  console.error(`ERROR: ${message}`);
  process.exit(1);
}

function asBoolean(value) {
  if (typeof value === 'string') return ['true', '1', 'yes', 'on'].includes(value.trim().toLowerCase());
  return Boolean(value);
}

function asInteger(value, name, fallback) {
  if (value === undefined || value === null || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number)) fail(`${name} must be an integer, got ${JSON.stringify(value)}`);
  return number;
}

if (!inputFolder || !outputFolder) fail('INPUT_FOLDER and OUTPUT_FOLDER must be set');

console.log('Entrypoint for stage production ...');
console.log(`User : ${os.userInfo().username} (uid=${process.getuid?.() ?? '?'})`);
console.log(`Workdir : ${process.cwd()}`);
console.log(`Inputs in ${inputFolder}, outputs to ${outputFolder}`);

const inputsFile = path.join(inputFolder, 'inputs.json');
let inputs = {};
if (fs.existsSync(inputsFile)) {
  try {
    inputs = JSON.parse(fs.readFileSync(inputsFile, 'utf8'));
  } catch (error) {
    fail(`inputs.json is not valid JSON: ${error.message}`);
  }
}

const numberFile = path.join(inputFolder, 'single_number.txt');
if (fs.existsSync(numberFile)) {
  const text = fs.readFileSync(numberFile, 'utf8').trim();
  if (!/^[-+]?\d+$/.test(text))
    fail(`input_1 (single_number.txt) must contain one integer, found "${text.slice(0, 40)}"`);
  console.log(`Found an integer in single_number.txt: ${Number(text)}`);
} else {
  console.log('No input file given (input_1): nothing to read');
}

const interval = asInteger(inputs.input_2, 'input_2 (Sleep interval)', 2);
if (interval < 0 || interval > 65) fail(`input_2 (Sleep interval) must be in [0-65] seconds, got ${interval}`);
const failAfterSleep = asBoolean(inputs.input_3 ?? false);
const distance = asInteger(inputs.input_4, 'input_4 (Distance to bed)', 0);

if (distance > 0) {
  console.log(`Walking ${distance} meters to bed`);
  for (let meter = 1; meter <= distance; meter++) console.log(`Walked ${meter}/${distance} meters`);
}
console.log('Reached the bed');

console.log(`Will sleep for ${interval} seconds`);
for (let second = 1; second <= interval; second++) {
  await sleep(secondMs);
  console.log(`[PROGRESS] ${second}/${interval}...`);
  console.log(`Remaining sleep time ${interval - second} s`);
}

if (failAfterSleep) fail('Failing after sleep, as input_3 (Fail after sleep) asked');

const randomDigit = () => 1 + Math.floor(Math.random() * 9);
const number = randomDigit();
const randomInterval = randomDigit();
fs.mkdirSync(outputFolder, { recursive: true });
fs.writeFileSync(path.join(outputFolder, 'single_number.txt'), `${number}\n`);
fs.writeFileSync(path.join(outputFolder, 'outputs.json'), `${JSON.stringify({ output_2: randomInterval })}\n`);
console.log(`Wrote ${number} to single_number.txt (output_1) and ${randomInterval} as output_2`);
console.log('Done, the sleeper woke up');
