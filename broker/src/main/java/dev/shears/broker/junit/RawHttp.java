package dev.shears.broker.junit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One HTTP/1.1 request written by hand: the headers announce a body of {@code contentLength} bytes that is never
 * sent. A server that answers at all must have decided from the headers alone, so tests can show that a request
 * is refused (401, 413) before its body is read, without racing a client that is still uploading.
 */
public final class RawHttp {
  private RawHttp() {
  }

  /** The status code and body of the answer. */
  public record Answer(int status, String body) {}

  /** Sends {@code method path} with {@code headers} and a declared but unsent body; reads the answer (10 s limit). */
  public static Answer announceBody(int port, String method, String path, Map<String, String> headers,
      long contentLength) throws IOException {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
      socket.setSoTimeout(10_000);
      StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n");
      headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      head.append("Content-Length: ").append(contentLength).append("\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return read(socket.getInputStream());
    }
  }

  private static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before the end of the response headers: " + headBytes);
      }
      headBytes.write(b);
      matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String head = headBytes.toString(StandardCharsets.US_ASCII);
    int status = Integer.parseInt(head.substring(9, 12));
    int length = 0;
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    byte[] body = in.readNBytes(length);
    return new Answer(status, new String(body, StandardCharsets.UTF_8));
  }
}
