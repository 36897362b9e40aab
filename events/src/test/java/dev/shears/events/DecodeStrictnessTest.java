package dev.shears.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.reflect.RecordComponent;
import org.junit.jupiter.api.Test;

/** Decoding accepts exactly what the contract allows, whichever path a record takes. */
class DecodeStrictnessTest {
  private final EventCodec codec = new EventCodec();

  @Test
  void everyRequiredPayloadFieldIsRequired() throws Exception {
    for (Event event : SampleEvents.all()) {
      for (RecordComponent c : event.getClass().getRecordComponents()) {
        ObjectNode root = codec.toTree(SampleEvents.envelope(event, 1));
        ((ObjectNode) root.get("payload")).remove(c.getName());
        byte[] bytes = codec.mapper().writeValueAsBytes(root);
        if (c.isAnnotationPresent(Optional.class)) {
          assertThat(codec.decode(bytes).payload()).as(event.type() + " without " + c.getName()).isNotNull();
        } else {
          InvalidEventException e = assertThrows(InvalidEventException.class, () -> codec.decode(bytes),
              event.type() + " without " + c.getName());
          assertThat(e.violations()).contains(new Violation("payload." + c.getName(), "is required"));
        }
      }
    }
  }

  @Test
  void numbersAreNotCoercedFromStrings() throws Exception {
    ObjectNode root = codec.toTree(SampleEvents.envelope(new LossEvent(7, "s", 1, 1, 0, 0, 0, 0, 0), 1));
    ((ObjectNode) root.get("payload")).put("step", "7");
    InvalidEventException e = assertThrows(InvalidEventException.class,
        () -> codec.decode(codec.mapper().writeValueAsBytes(root)));
    assertThat(e.path()).isEqualTo("payload.step");
  }

  @Test
  void fractionsAreNotTruncatedIntoIntegers() throws Exception {
    ObjectNode root = codec.toTree(SampleEvents.envelope(new LossEvent(7, "s", 1, 1, 0, 0, 0, 0, 0), 1));
    ((ObjectNode) root.get("payload")).put("step", 7.5);
    assertThrows(InvalidEventException.class, () -> codec.decode(codec.mapper().writeValueAsBytes(root)));
  }

  @Test
  void envelopeFieldsAreChecked() throws Exception {
    ObjectNode root = codec.toTree(SampleEvents.envelope(new TrialStarted("w"), 1));
    root.put("seq", -1);
    InvalidEventException e = assertThrows(InvalidEventException.class,
        () -> codec.decode(codec.mapper().writeValueAsBytes(root)));
    assertThat(e.path()).isEqualTo("seq");
  }

  @Test
  void idsAreVersionFourUuids() {
    String id = Envelope.randomId();
    assertThat(java.util.UUID.fromString(id).version()).isEqualTo(4);
    assertThat(java.util.UUID.fromString(id).variant()).isEqualTo(2);
    assertThat(Envelope.randomId()).isNotEqualTo(id);
  }
}
