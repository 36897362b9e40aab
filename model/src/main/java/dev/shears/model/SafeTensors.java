package dev.shears.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes the {@code safetensors} format: an 8-byte little-endian header length, a JSON
 * header mapping tensor names to dtype, shape and byte offsets, then the raw little-endian data.
 * F32, F16 and BF16 are read (the half types converted to F32 here in Java); F32 is written, so a
 * save followed by a load is bit-exact.
 */
public final class SafeTensors {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long MAX_HEADER = 100L << 20;

  private SafeTensors() {}

  /** Reads every tensor of {@code file} as F32 into {@code manager}, in header order. */
  public static Map<String, NDArray> read(Path file, NDManager manager) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size < 8) {
        throw corrupt(file, "file is " + size + " bytes, shorter than the 8-byte header length");
      }
      ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
      readFully(ch, lenBuf, 0);
      long headerLen = lenBuf.flip().getLong();
      if (headerLen <= 1 || headerLen > MAX_HEADER || 8 + headerLen > size) {
        throw corrupt(file, "header length " + headerLen + " does not fit a file of " + size + " bytes");
      }
      ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
      readFully(ch, headerBuf, 8);
      JsonNode header;
      try {
        header = JSON.readTree(new String(headerBuf.array(), StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw corrupt(file, "header is not valid JSON (" + e.getMessage() + ")");
      }
      if (header == null || !header.isObject()) {
        throw corrupt(file, "header is not a JSON object");
      }
      long dataStart = 8 + headerLen;
      long dataLen = size - dataStart;
      Map<String, NDArray> out = new LinkedHashMap<>();
      for (Map.Entry<String, JsonNode> e : header.properties()) {
        if ("__metadata__".equals(e.getKey())) {
          continue;
        }
        out.put(e.getKey(), readTensor(file, ch, e.getKey(), e.getValue(), dataStart, dataLen, manager));
      }
      return out;
    } catch (NoSuchFileException e) {
      throw new ModelFormatException("Missing weights file " + file, e);
    } catch (IOException e) {
      throw new ModelFormatException("Cannot read weights file " + file + ": " + e.getMessage(), e);
    }
  }

  private static NDArray readTensor(
      Path file, FileChannel ch, String name, JsonNode spec, long dataStart, long dataLen,
      NDManager manager) throws IOException {
    String dtype = spec.path("dtype").asText("");
    JsonNode shapeNode = spec.path("shape");
    JsonNode offsets = spec.path("data_offsets");
    if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
      throw corrupt(file, "tensor " + name + " has no valid shape/data_offsets");
    }
    long[] dims = new long[shapeNode.size()];
    long numel = 1;
    for (int i = 0; i < dims.length; i++) {
      dims[i] = shapeNode.get(i).asLong(-1);
      if (dims[i] < 0) {
        throw corrupt(file, "tensor " + name + " has a negative dimension");
      }
      numel *= dims[i];
    }
    int width;
    switch (dtype) {
      case "F32" -> width = 4;
      case "F16", "BF16" -> width = 2;
      default -> throw corrupt(
          file, "tensor " + name + " has dtype " + dtype + "; only F32, F16 and BF16 are supported");
    }
    long begin = offsets.get(0).asLong(-1);
    long end = offsets.get(1).asLong(-1);
    if (begin < 0 || end < begin || end > dataLen) {
      throw corrupt(
          file, "tensor " + name + " data_offsets [" + begin + ", " + end + "] exceed the "
              + dataLen + " data bytes (truncated file?)");
    }
    if (end - begin != numel * width) {
      throw corrupt(
          file, "tensor " + name + " holds " + (end - begin) + " bytes but shape "
              + shapeNode + " of " + dtype + " needs " + numel * width);
    }
    if (numel > Integer.MAX_VALUE) {
      throw corrupt(file, "tensor " + name + " is too large");
    }
    ByteBuffer buf = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
    readFully(ch, buf, dataStart + begin);
    buf.flip();
    float[] values = new float[(int) numel];
    if (width == 4) {
      buf.asFloatBuffer().get(values);
    } else if ("BF16".equals(dtype)) {
      for (int i = 0; i < values.length; i++) {
        values[i] = Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
      }
    } else {
      for (int i = 0; i < values.length; i++) {
        values[i] = halfToFloat(buf.getShort());
      }
    }
    return manager.create(values, new Shape(dims));
  }

  /** IEEE 754 binary16 to binary32, exact (Java 17 has no {@code Float.float16ToFloat}). */
  static float halfToFloat(short half) {
    int h = half & 0xffff;
    int sign = (h & 0x8000) << 16;
    int exp = (h >>> 10) & 0x1f;
    int mant = h & 0x3ff;
    if (exp == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
    }
    if (exp == 0) {
      if (mant == 0) {
        return Float.intBitsToFloat(sign);
      }
      // subnormal half: value = mant * 2^-24
      float v = mant * 0x1p-24f;
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
  }

  /** Writes {@code tensors} as F32 in map order, with {@code {"format": "pt"}} metadata as HF expects. */
  public static void write(Path file, Map<String, NDArray> tensors) throws IOException {
    ObjectNode header = JSON.createObjectNode();
    header.putObject("__metadata__").put("format", "pt");
    long offset = 0;
    for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
      NDArray a = e.getValue();
      ObjectNode spec = header.putObject(e.getKey());
      spec.put("dtype", "F32");
      var shape = spec.putArray("shape");
      for (long d : a.getShape().getShape()) {
        shape.add(d);
      }
      long bytes = a.getShape().size() * 4;
      spec.putArray("data_offsets").add(offset).add(offset + bytes);
      offset += bytes;
    }
    byte[] h = JSON.writeValueAsBytes(header);
    int padded = (h.length + 7) / 8 * 8;
    byte[] headerBytes = new byte[padded];
    System.arraycopy(h, 0, headerBytes, 0, h.length);
    for (int i = h.length; i < padded; i++) {
      headerBytes[i] = ' ';
    }
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
      out.write(headerBytes);
      for (NDArray a : tensors.values()) {
        NDArray f = a.getDataType() == DataType.FLOAT32 ? a : a.toType(DataType.FLOAT32, false);
        float[] v = f.toFloatArray();
        if (f != a) {
          f.close();
        }
        ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        bb.asFloatBuffer().put(v);
        out.write(bb.array());
      }
    }
  }

  private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
    long pos = position;
    while (buf.hasRemaining()) {
      int n = ch.read(buf, pos);
      if (n < 0) {
        throw new IOException("unexpected end of file at byte " + pos);
      }
      pos += n;
    }
  }

  private static ModelFormatException corrupt(Path file, String what) {
    return new ModelFormatException("Corrupt safetensors file " + file + ": " + what);
  }
}
