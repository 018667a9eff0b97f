import { AisleError } from '@aisle/core';
import { runStory } from './story';

try {
  const result = await runStory();
  if (!result.verified || result.report.ok || result.check.normal) process.exitCode = 1;
} catch (error) {
  console.error(AisleError.isInstance(error) ? `${error.code}: ${error.message}` : error);
  process.exitCode = 1;
}
