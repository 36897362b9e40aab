package dev.shears.broker.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuorumVotersTest {

  @Test
  void parsesKafkasVoterSyntaxAndPrintsItBack() {
    QuorumVoters v = QuorumVoters.parse("1@kafka-1:9093, 2@kafka-2:9093,3@[::1]:9095");

    assertThat(v.voters()).extracting(QuorumVoters.Voter::nodeId).containsExactly(1, 2, 3);
    assertThat(v.voter(3)).get().extracting(QuorumVoters.Voter::host, QuorumVoters.Voter::port)
        .containsExactly("[::1]", 9095);
    assertThat(v.voter(4)).isEmpty();
    assertThat(v).hasToString("1@kafka-1:9093,2@kafka-2:9093,3@[::1]:9095");
  }

  @Test
  void replicationFollowsTheNodeCount() {
    assertThat(QuorumVoters.parse("1@a:1").replicationFactor()).isEqualTo(1);
    assertThat(QuorumVoters.parse("1@a:1").minInsyncReplicas()).isEqualTo(1);
    assertThat(QuorumVoters.parse("1@a:1,2@b:1").minInsyncReplicas()).isEqualTo(1);
    assertThat(QuorumVoters.parse("1@a:1,2@b:1,3@c:1").replicationFactor()).isEqualTo(3);
    assertThat(QuorumVoters.parse("1@a:1,2@b:1,3@c:1").minInsyncReplicas()).isEqualTo(2);
    assertThat(QuorumVoters.parse("1@a:1,2@b:1,3@c:1,4@d:1,5@e:1").replicationFactor()).isEqualTo(3);
  }

  @Test
  void everyBadEntryIsNamedWithTheExpectedForm() {
    assertThatThrownBy(() -> QuorumVoters.parse("1@a:9093,kafka-2:9093,3@c:70000,1@d:9093,"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'kafka-2:9093' is not id@host:port")
        .hasMessageContaining("port 70000")
        .hasMessageContaining("node id 1 is listed twice")
        .hasMessageContaining("'' is not id@host:port")
        .hasMessageContaining("expected id@host:port");
    assertThatThrownBy(() -> QuorumVoters.parse(" ")).hasMessageContaining("Invalid value ''");
  }
}
