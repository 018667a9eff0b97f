import { aislePackage } from '../../tsup.base';

export default aislePackage(
  { index: 'src/index.ts', consent: 'src/consent.ts', points: 'src/points.ts', incidents: 'src/incidents.ts', cli: 'src/node/bin.ts' },
  { platform: 'node' },
);
