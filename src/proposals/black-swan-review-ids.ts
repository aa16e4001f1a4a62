/**
 * The workflow ids of an event's black-swan reviews. They are also the reviews' analysis run ids, so the
 * watcher (an activity) and the client that starts a review by hand name the same review.
 */

/** The final review of an event. */
export function blackSwanWorkflowId(eventId: string): string {
  return `black-swan-${eventId}`;
}

/** The interim review of a severe event that is not resolved yet. */
export function blackSwanInterimWorkflowId(eventId: string): string {
  return `black-swan-${eventId}-interim`;
}
