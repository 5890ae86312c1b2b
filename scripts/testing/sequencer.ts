import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Test files that take far longer than any other (they install packages,
 * build the site, run TypeScript several times). vitest's own order puts
 * small files last and knows no durations on a fresh clone, so these would
 * start late and end the run alone; started first, they overlap the rest.
 */
const LONGEST = ['packages/examples/test/consumer.test.ts', 'packages/examples/test/site.test.ts'];

/** vitest's order, with the longest files first. */
export class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => {
      const i = LONGEST.findIndex((path) => file.moduleId.endsWith(path));
      return i === -1 ? LONGEST.length : i;
    };
    // Array.prototype.sort is stable: the rest keep vitest's order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
