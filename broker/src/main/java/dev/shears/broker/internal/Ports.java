package dev.shears.broker.internal;

import dev.shears.broker.KafkaBrokerException;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks and free-port selection on one interface. */
public final class Ports {

  private Ports() {
  }

  /** True when a server socket can bind {@code host:port} now. */
  public static boolean isFree(String host, int port) {
    try (ServerSocket socket = new ServerSocket()) {
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Picks {@code count} distinct free ports, holding all of them open until each is chosen so that they
   * differ. Another process may still take one before the broker binds it; the caller retries then.
   */
  public static int[] pickFree(String host, int count) {
    ServerSocket[] sockets = new ServerSocket[count];
    int[] ports = new int[count];
    try {
      for (int i = 0; i < count; i++) {
        sockets[i] = new ServerSocket();
        sockets[i].setReuseAddress(true);
        sockets[i].bind(new InetSocketAddress(InetAddress.getByName(host), 0), 1);
        ports[i] = sockets[i].getLocalPort();
      }
      return ports;
    } catch (IOException e) {
      throw new KafkaBrokerException("Cannot find a free port on " + host + ": " + e.getMessage(), e);
    } finally {
      for (ServerSocket s : sockets) {
        closeQuietly(s);
      }
    }
  }

  private static void closeQuietly(ServerSocket socket) {
    if (socket == null) {
      return;
    }
    try {
      socket.close();
    } catch (IOException e) {
      // Only probing; nothing was accepted on it.
    }
  }
}
