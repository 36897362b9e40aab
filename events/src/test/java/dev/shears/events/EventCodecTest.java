package dev.shears.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class EventCodecTest {
  private final EventCodec codec = new EventCodec();

  @Test
  void everyEventTypeHasASampleAndRoundTrips() throws Exception {
    assertThat(SampleEvents.all().stream().map(Event::type).collect(Collectors.toSet()))
        .containsExactlyInAnyOrderElementsOf(EventTypes.names());
    long seq = 0;
    for (Event event : SampleEvents.all()) {
      Envelope sent = SampleEvents.envelope(event, seq++);
      Envelope received = codec.decode(codec.encode(sent));
      assertThat(received).as(event.type()).isEqualTo(sent);
    }
  }

  @Test
  void wireFormatIsTheDocumentedEnvelope() throws Exception {
    Envelope sent = SampleEvents.envelope(new LossEvent(7, "prune-encoder", 1, 1, 0, 0, 0, 0, 3e-5), 9);
    String json = new String(codec.encode(sent), StandardCharsets.UTF_8);
    assertThat(json).startsWith("{\"v\":1,\"type\":\"LossEvent\",\"id\":\"")
        .contains("\"ts\":\"2026-11-23T10:15:30.123Z\"", "\"experimentId\":\"exp-1\"", "\"trialId\":\"t1\"",
            "\"attempt\":1", "\"seq\":9", "\"payload\":{\"step\":7,\"stage\":\"prune-encoder\"");
  }

  @Test
  void eachTopicInterfaceMapsToACatalogueTopic() {
    for (Event event : SampleEvents.all()) {
      assertThat(Topics.spec(event.topic()).name()).isEqualTo(event.topic());
    }
  }

  @Test
  void keysFollowTheTopicTable() {
    assertThat(SampleEvents.envelope(new ExperimentResumed(), 0).key()).isEqualTo("exp-1");
    assertThat(SampleEvents.envelope(new TrialStarted("w"), 0).key()).isEqualTo("t1");
    assertThat(SampleEvents.envelope(new Revocation("w9", "cancel"), 0).key()).isEqualTo("w9");
  }

  @Test
  void malformedJson() {
    InvalidEventException e = assertThrows(InvalidEventException.class,
        () -> codec.decode("{\"v\":1,".getBytes(StandardCharsets.UTF_8)));
    assertThat(e.kind()).isEqualTo(InvalidEventException.Kind.MALFORMED_JSON);
  }

  @Test
  void unknownType() {
    InvalidEventException e = assertThrows(InvalidEventException.class, () -> codec.decode(
        envelopeJson("\"type\":\"FooEvent\"", "\"v\":1", "{}")));
    assertThat(e.kind()).isEqualTo(InvalidEventException.Kind.UNKNOWN_TYPE);
    assertThat(e.reason()).contains("type: unknown event type 'FooEvent'");
  }

  @Test
  void futureVersion() {
    InvalidEventException e = assertThrows(InvalidEventException.class, () -> codec.decode(
        envelopeJson("\"type\":\"ExperimentResumed\"", "\"v\":2", "{}")));
    assertThat(e.kind()).isEqualTo(InvalidEventException.Kind.UNSUPPORTED_VERSION);
    assertThat(e.path()).isEqualTo("v");
  }

  @Test
  void missingPayloadFieldIsNamedByPath() {
    InvalidEventException e = assertThrows(InvalidEventException.class, () -> codec.decode(
        envelopeJson("\"type\":\"LagrangianEvent\"", "\"v\":1",
            "{\"step\":1,\"stage\":\"prune-encoder\",\"lambda1\":0.1,\"expectedSparsity\":0.2,\"target\":0.3}")));
    assertThat(e.kind()).isEqualTo(InvalidEventException.Kind.MISSING_FIELD);
    assertThat(e.violations()).containsExactly(new Violation("payload.lambda2", "is required"));
  }

  @Test
  void nestedFieldErrorsNameTheElement() {
    InvalidEventException e = assertThrows(InvalidEventException.class, () -> codec.decode(
        envelopeJson("\"type\":\"WorkerHeartbeat\"", "\"v\":1",
            "{\"workerId\":\"w\",\"kind\":\"trainer\",\"host\":\"h\",\"runningTrials\":[],\"slots\":1,"
                + "\"gpus\":[{\"index\":0,\"name\":\"a\",\"memoryTotalMb\":1,\"memoryFreeMb\":1,\"utilisation\":0},"
                + "{\"index\":1,\"name\":\"b\",\"memoryTotalMb\":\"lots\",\"memoryFreeMb\":1,\"utilisation\":0}]}")));
    assertThat(e.violations()).extracting(Violation::path).containsExactly("payload.gpus[1].memoryTotalMb");
  }

  @Test
  void aHeartbeatWrittenBeforeQueuedTrialsExistedReadsAsNothingQueued() throws Exception {
    Envelope old = codec.decode(envelopeJson("\"type\":\"WorkerHeartbeat\"", "\"v\":1",
        "{\"workerId\":\"w\",\"kind\":\"trainer\",\"host\":\"h\",\"runningTrials\":[\"t1\"],\"slots\":1,"
            + "\"gpus\":[]}"));
    assertThat(((WorkerHeartbeat) old.payload()).queuedTrials()).isEmpty();
    Envelope sent = SampleEvents.envelope(new WorkerHeartbeat("w", "trainer", "h", List.of(),
        List.of("t1"), 1, null, List.of("t2")), 0);
    assertThat(((WorkerHeartbeat) codec.decode(codec.encode(sent)).payload()).queuedTrials()).containsExactly("t2");
  }

  @Test
  void enumValuesAreChecked() {
    InvalidEventException e = assertThrows(InvalidEventException.class, () -> codec.decode(
        envelopeJson("\"type\":\"CheckpointWritten\"", "\"v\":1",
            "{\"stage\":\"export\",\"step\":1,\"kind\":\"WEEKLY\",\"uri\":\"u\",\"sha256\":\"s\",\"bytes\":1}")));
    assertThat(e.violations()).extracting(Violation::path).containsExactly("payload.kind");
  }

  @Test
  void oversizedRecord() {
    byte[] big = new byte[EventCodec.MAX_RECORD_BYTES + 1];
    InvalidEventException e = assertThrows(InvalidEventException.class, () -> codec.decode(big));
    assertThat(e.kind()).isEqualTo(InvalidEventException.Kind.OVERSIZED);
  }

  @Test
  void encodingAnOversizedEventFailsLoudly() {
    String huge = "x".repeat(EventCodec.MAX_RECORD_BYTES);
    assertThrows(IllegalArgumentException.class,
        () -> codec.encode(SampleEvents.envelope(new TrialFailed(huge, null, null), 0)));
  }

  @Test
  void unknownPayloadFieldsAreIgnoredForForwardCompatibility() throws Exception {
    Envelope e = codec.decode(envelopeJson("\"type\":\"TrialStarted\"", "\"v\":1",
        "{\"workerId\":\"w\",\"addedLater\":true}"));
    assertThat(e.payload()).isEqualTo(new TrialStarted("w"));
  }

  @Test
  void aTrialFailedOfAnOlderProducerIsRetryableAndAConfigurationErrorIsNot() throws Exception {
    Envelope old = codec.decode(envelopeJson("\"type\":\"TrialFailed\"", "\"v\":1",
        "{\"reason\":\"worker crashed\"}"));
    assertThat(((TrialFailed) old.payload()).retryable()).isTrue();
    Envelope config = codec.decode(envelopeJson("\"type\":\"TrialFailed\"", "\"v\":1",
        "{\"reason\":\"task.dataset: no such file\",\"kind\":\"CONFIGURATION\"}"));
    assertThat(((TrialFailed) config.payload()).retryable()).isFalse();
    assertThat(codec.mapper().writeValueAsString(config.payload())).doesNotContain("retryable");
  }

  private static byte[] envelopeJson(String type, String version, String payload) {
    return ("{" + version + "," + type + ",\"id\":\"i\",\"ts\":\"2026-01-01T00:00:00Z\",\"experimentId\":\"e\","
        + "\"trialId\":\"t\",\"attempt\":0,\"seq\":0,\"payload\":" + payload + "}").getBytes(StandardCharsets.UTF_8);
  }
}
