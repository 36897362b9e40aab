package dev.shears.spec;

import static dev.shears.spec.Fields.obj;
import static dev.shears.spec.Fields.opt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shears.spec.Fields.Entry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code teacher-continued:} the control for equal training. A student pruned from the fine-tuned teacher trains
 * on beyond it ({@code training.steps} of distillation, then {@code finetunePruned.steps} of fine-tuning), so
 * "quality retained" against the teacher mixes the cost of pruning with the gain of those steps. This method runs
 * the same schedule on the unpruned teacher: a full copy, distilled from the frozen teacher with the same weights,
 * steps and learning rate, then fine-tuned with the same recipe. A student measured against it is measured
 * against equal training. (Distilling a copy from its own original starts at zero loss, so that phase moves the
 * copy only through dropout and any {@code ceWeight}, as it would move an unpruned student.) A field absent here
 * is read from {@code nash:}, so one {@code zip} with NASH arms gives the control the students' schedule.
 *
 * @param distillation the distillation loss weights
 * @param finetunePruned the fine-tuning after distillation
 */
public record TeacherContinuedSpec(Distillation distillation, FinetunePruned finetunePruned)
    implements MethodSpec, MethodSpec.Distilled, MethodSpec.PrunedFinetune, MethodSpec.UnprunedStudent {
  public static final String NAME = "teacher-continued";

  static final Rule.Obj SCHEMA = obj(fields());

  static final PruningMethod METHOD = new PruningMethod(NAME, "teacher, continued (control)",
      "The unpruned teacher trained on for the students' schedule beyond it (distillation, then fine-tuning): "
          + "the control that measures retention against equal training",
      TeacherContinuedSpec.class,
      List.of(Stages.FINETUNE_TEACHER, Stages.SELECT_DECODER, Stages.DISTILL_STUDENT, Stages.FINETUNE_PRUNED,
          Stages.EXPORT),
      PruningMethod.SparsityScope.ENCODER, null, SCHEMA, TeacherContinuedSpec::read);

  private static Entry[] fields() {
    List<Entry> f = new ArrayList<>(Distillation.FIELDS);
    f.add(opt("finetunePruned", FinetunePruned.SCHEMA, false));
    return f.toArray(Entry[]::new);
  }

  static TeacherContinuedSpec read(JsonNode spec) {
    Section s = Section.of(spec, NAME).orElse(NashSpec.section(spec));
    return new TeacherContinuedSpec(Distillation.read(s), FinetunePruned.read(s));
  }

  @Override
  public PruningMethod method() {
    return METHOD;
  }

  @Override
  public double targetSparsity() {
    return 0;
  }

  @Override
  public String label() {
    return "teacher-continued";
  }

  /** The label: the control has no sparsity target. */
  @Override
  public String label(String sparsity) {
    return label();
  }

  /** The description: the control has no sparsity target. */
  @Override
  public String description(String sparsity) {
    return description();
  }

  @Override
  public String description() {
    return String.format(Locale.ROOT, "teacher, continued (control: + distillation, + %d fine-tuning steps)",
        finetunePruned.steps());
  }
}
