import { AisleError } from '@aisle/core';
import { runExample } from './run';

try {
  const result = runExample();
  if (!result.same) {
    console.error('The engines disagreed');
    process.exitCode = 1;
  }
} catch (error) {
  console.error(AisleError.isInstance(error) ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
}
