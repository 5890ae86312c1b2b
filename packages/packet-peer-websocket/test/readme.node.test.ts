import { fileURLToPath } from 'node:url';
import { describeReadmeExamples } from '../../../scripts/testing/readme-examples.js';

describeReadmeExamples(fileURLToPath(new URL('..', import.meta.url)), 2);
