package dev.shears.events;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The wire names of all event types, resolved from the sealed hierarchy. */
public final class EventTypes {
  private static final Map<String, Class<? extends Event>> BY_NAME = collect();

  private EventTypes() {}

  /** The event class for a wire name, or null if the name is not a known type. */
  public static Class<? extends Event> forName(String type) {
    return BY_NAME.get(type);
  }

  /** Every known wire name, in declaration order. */
  public static Set<String> names() {
    return BY_NAME.keySet();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Class<? extends Event>> collect() {
    Map<String, Class<? extends Event>> out = new LinkedHashMap<>();
    Arrays.stream(Event.class.getPermittedSubclasses())
        .flatMap(c -> c.isSealed() ? Arrays.stream(c.getPermittedSubclasses()) : Arrays.stream(new Class<?>[] {c}))
        .forEach(c -> out.put(c.getSimpleName(), (Class<? extends Event>) c));
    return Collections.unmodifiableMap(out);
  }
}
