package dev.shears.trainer.data;

/**
 * One tokenised seq2seq example, without special tokens (the batcher appends EOS).
 *
 * @param source encoder token ids
 * @param target target token ids
 */
public record Example(int[] source, int[] target) {}
