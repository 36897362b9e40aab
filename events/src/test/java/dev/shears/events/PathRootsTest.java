package dev.shears.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PathRootsTest {
  @TempDir
  Path dir;

  private PathRoots roots;
  private Path outside;

  @BeforeEach
  void layout() throws Exception {
    Files.createDirectories(dir.resolve("data"));
    Files.createDirectories(dir.resolve("models"));
    outside = Files.createDirectories(dir.resolve("elsewhere"));
    Files.writeString(outside.resolve("secret.jsonl"), "{}");
    roots = PathRoots.under(dir);
  }

  @Test
  void relativePathsResolveUnderTheFirstRootOfTheirKind() {
    assertThat(roots.resolve(PathRoots.DATA, "cnn/train.jsonl")).isEqualTo(dir.resolve("data/cnn/train.jsonl"));
    assertThat(roots.resolve(PathRoots.MODEL, "t5-small")).isEqualTo(dir.resolve("models/t5-small"));
    assertThat(roots.resolve(PathRoots.MODEL, dir.resolve(".shears/checkpoints/x").toString()))
        .isEqualTo(dir.resolve(".shears/checkpoints/x"));
  }

  @Test
  void aRelativePathNamingItsRootIsReadFromTheBaseNotDoubled() {
    assertThat(roots.resolve(PathRoots.MODEL, "models/t5-mini-debian")).isEqualTo(dir.resolve("models/t5-mini-debian"));
    assertThat(roots.resolve(PathRoots.DATA, "data/cnn/train.jsonl")).isEqualTo(dir.resolve("data/cnn/train.jsonl"));
    assertThat(roots.resolve(PathRoots.MODEL, ".shears/teachers/t")).isEqualTo(dir.resolve(".shears/teachers/t"));
    // A path that names the other kind's root is not under this kind's roots from the base: it stays in the root.
    assertThat(roots.resolve(PathRoots.MODEL, "data/t5")).isEqualTo(dir.resolve("models/data/t5"));
  }

  @Test
  void resolvingAResolvedPathChangesNothing() {
    for (String p : List.of("models/t5", "t5", ".shears/x")) {
      Path once = roots.resolve(PathRoots.MODEL, p);
      assertThat(roots.resolve(PathRoots.MODEL, once.toString())).isEqualTo(once);
    }
  }

  @Test
  void anExistingPathIsRequiredWhereAsked() throws Exception {
    Files.createDirectories(dir.resolve("models/t5-mini"));
    Files.writeString(dir.resolve("data/train.jsonl"), "{}");
    assertThat(roots.resolveExisting(PathRoots.MODEL, "models/t5-mini")).isEqualTo(dir.resolve("models/t5-mini"));
    assertThat(roots.resolveExisting(PathRoots.DATA, "train.jsonl")).isEqualTo(dir.resolve("data/train.jsonl"));
    assertThatThrownBy(() -> roots.resolveExisting(PathRoots.MODEL, "models/models/t5-mini"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("which is not a directory")
        .hasMessageContaining(dir.resolve("models/models/t5-mini").toString());
    assertThatThrownBy(() -> roots.resolveExisting(PathRoots.DATA, "models/t5-mini"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("which is not a file or a directory holding train.jsonl");
    Files.createDirectories(dir.resolve("data/debian"));
    Files.writeString(dir.resolve("data/debian/train.jsonl"), "{}");
    assertThat(roots.resolveExisting(PathRoots.DATA, "debian")).isEqualTo(dir.resolve("data/debian"));
  }

  @Test
  void dotDotSegmentsAreRefusedEvenWhenTheyStayInside() {
    assertThatThrownBy(() -> roots.resolve(PathRoots.DATA, "cnn/../train.jsonl"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contains '..'");
    assertThatThrownBy(() -> roots.resolve(PathRoots.DATA, "../elsewhere/secret.jsonl"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("contains '..'");
  }

  @Test
  void absolutePathsOutsideTheRootsAreRefusedNamingTheRoots() {
    assertThatThrownBy(() -> roots.resolve(PathRoots.MODEL, "/etc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside the allowed model roots")
        .hasMessageContaining(dir.resolve("models").toString());
  }

  @Test
  void aModelPathIsNotADataPath() {
    assertThatThrownBy(() -> roots.resolve(PathRoots.DATA, dir.resolve("models/t5").toString()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside the allowed data roots");
  }

  @Test
  void aSymbolicLinkInsideARootThatLeadsOutsideIsRefused() throws Exception {
    Files.createSymbolicLink(dir.resolve("data/escape"), outside);
    Files.createSymbolicLink(dir.resolve("data/secret.jsonl"), outside.resolve("secret.jsonl"));

    assertThatThrownBy(() -> roots.resolve(PathRoots.DATA, "escape/secret.jsonl"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("symbolic link")
        .hasMessageContaining(outside.toRealPath().toString());
    assertThatThrownBy(() -> roots.resolve(PathRoots.DATA, "secret.jsonl"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symbolic link");
    assertThatThrownBy(() -> roots.resolve(PathRoots.DATA, "escape/not-yet-written.jsonl"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("symbolic link");
  }

  @Test
  void aSymbolicLinkBetweenRootsAndARootThatIsALinkAreAllowed() throws Exception {
    Path shared = Files.createDirectories(dir.resolve("shared-disk/datasets"));
    Files.writeString(shared.resolve("a.jsonl"), "{}");
    Path linkedRoot = Files.createSymbolicLink(dir.resolve("linked-data"), shared);
    PathRoots linked = new PathRoots(List.of(linkedRoot), List.of(dir.resolve("models")));
    Files.createSymbolicLink(dir.resolve("models/latest"), dir.resolve("models"));

    assertThat(linked.resolve(PathRoots.DATA, "a.jsonl")).isEqualTo(linkedRoot.resolve("a.jsonl"));
    assertThat(linked.resolve(PathRoots.MODEL, "latest")).isEqualTo(dir.resolve("models/latest"));
  }

  @Test
  void aDanglingLinkIsRefused() throws Exception {
    Files.createSymbolicLink(dir.resolve("data/gone"), dir.resolve("nowhere"));

    assertThatThrownBy(() -> roots.resolve(PathRoots.DATA, "gone"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dangling");
  }

  @Test
  void anExtraRootCountsForBothKinds() {
    Path checkpoints = dir.resolve("ckpt");
    PathRoots more = roots.with(checkpoints);

    assertThat(more.resolve(PathRoots.MODEL, checkpoints.resolve("t/export").toString()))
        .isEqualTo(checkpoints.resolve("t/export"));
    assertThatThrownBy(() -> roots.resolve(PathRoots.MODEL, checkpoints.resolve("t/export").toString()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
