import { z } from 'zod';
import { LIMITS } from '../limits';
import { activityView } from './activities';
import { personPreview } from './user';

const latitude = z.number().min(-90, 'A latitude is between -90 and 90.').max(90, 'A latitude is between -90 and 90.');
const longitude = z.number().min(-180, 'A longitude is between -180 and 180.').max(180, 'A longitude is between -180 and 180.');

export const updateLocationInput = z.strictObject({ latitude, longitude });
export type UpdateLocationInput = z.output<typeof updateLocationInput>;

export const sharedLocation = z.object({
  /** As stored: rounded to about a kilometre. */
  latitude: z.number(),
  longitude: z.number(),
  expiresAt: z.iso.datetime(),
});

export const clearedLocation = z.object({ cleared: z.boolean() });

export const nearbyInput = z
  .strictObject({
    radiusKm: z
      .number()
      .min(1, 'A radius is at least 1 km.')
      .max(LIMITS.nearbyRadiusKm, `A radius is at most ${LIMITS.nearbyRadiusKm} km.`)
      .default(LIMITS.nearbyDefaultRadiusKm),
    limit: z.number().int().min(1).max(LIMITS.nearbyPeople).default(20),
  })
  .prefault({});
export type NearbyInput = z.output<typeof nearbyInput>;

export const nearbyPerson = personPreview.extend({
  /** Rounded up to a whole kilometre, never exact. */
  distanceKm: z.number().int(),
});

export const nearbyResult = z.object({
  people: z.array(nearbyPerson),
  activities: z.array(activityView),
});
export type NearbyResult = z.infer<typeof nearbyResult>;
