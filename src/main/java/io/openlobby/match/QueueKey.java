package io.openlobby.match;

/**
 * A queue: one per mode and region, plus one per mode for tickets that waited long enough to match
 * any region ({@link #ANY_REGION}). Its entity id is {@code mode:region}.
 */
public record QueueKey(String mode, String region) {
  /** Not a valid region name (see Settings.NAME), so it cannot collide with a configured one. */
  public static final String ANY_REGION = "*";

  public static QueueKey of(String entityId) {
    int colon = entityId.indexOf(':');
    return new QueueKey(entityId.substring(0, colon), entityId.substring(colon + 1));
  }

  public String entityId() {
    return mode + ":" + region;
  }

  public QueueKey anyRegion() {
    return new QueueKey(mode, ANY_REGION);
  }

  public boolean isAnyRegion() {
    return ANY_REGION.equals(region);
  }
}
