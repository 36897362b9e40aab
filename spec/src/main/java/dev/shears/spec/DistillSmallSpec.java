package dev.shears.spec;

import static dev.shears.spec.Fields.SPARSITY;
import static dev.shears.spec.Fields.obj;
import static dev.shears.spec.Fields.opt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.spec.Fields.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code distill-small:} a student with the teacher's encoder depth, d_s decoder layers and an FFN (and, past what the
 * FFN can give, fewer heads) narrowed so that its encoder has {@code encoderSparsity} fewer prunable parameters than
 * the teacher's, randomly initialised and distilled from the teacher for {@code training.steps}. A field absent here
 * is read from {@code nash:}.
 *
 * @param decoderLayers d_s (default 3)
 * @param selection which teacher layer each student decoder layer is distilled from (default uniform)
 * @param encoderSparsity the fraction of the teacher's prunable encoder parameters the student lacks, in [0, 1)
 *     (default 0.3), the measure NASH's target uses
 * @param distillation the distillation loss weights
 */
public record DistillSmallSpec(int decoderLayers, String selection, double encoderSparsity, Distillation distillation)
    implements MethodSpec, MethodSpec.DecoderSelection, MethodSpec.Distilled, MethodSpec.NarrowStudent {
  public static final String NAME = "distill-small";

  static final Rule.Obj SCHEMA = obj(fields());

  static final PruningMethod METHOD = new PruningMethod(NAME, "distill-small",
      "A narrow student with d_s decoder layers, randomly initialised and distilled from the teacher",
      DistillSmallSpec.class,
      List.of(Stages.FINETUNE_TEACHER, Stages.SELECT_DECODER, Stages.DISTILL_STUDENT, Stages.EXPORT),
      PruningMethod.SparsityScope.ENCODER, "encoderSparsity", SCHEMA, DistillSmallSpec::read);

  private static Entry[] fields() {
    List<Entry> f = new ArrayList<>(List.of(
        opt("decoderLayers", new Rule.Int(1, 1024), true),
        opt("selection", new Rule.OneOf(UniformOnlySpec.SELECTIONS), true),
        opt("encoderSparsity", SPARSITY, true)));
    f.addAll(Distillation.FIELDS);
    return f.toArray(Entry[]::new);
  }

  static DistillSmallSpec read(JsonNode spec) {
    Section legacy = NashSpec.section(spec);
    Section s = Section.of(spec, NAME).orElse(legacy);
    return new DistillSmallSpec(s.integer("decoderLayers", 3), s.text("selection", "uniform"),
        s.number("encoderSparsity", legacy.number("encoderSparsity", 0.3)), Distillation.read(s));
  }

  @Override
  public PruningMethod method() {
    return METHOD;
  }

  @Override
  public double targetSparsity() {
    return encoderSparsity;
  }

  @Override
  public String label() {
    return String.format(Locale.ROOT, "distill-small-%d", decoderLayers);
  }

  @Override
  public String label(String sparsity) {
    return label() + "@" + sparsity;
  }

  @Override
  public String description() {
    return description(SparsityText.of(encoderSparsity));
  }

  @Override
  public String description(String sparsity) {
    return "distill-small-" + decoderLayers + " (encoder sparsity " + sparsity + ")";
  }
}
