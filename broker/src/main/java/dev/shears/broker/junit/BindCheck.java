package dev.shears.broker.junit;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.Optional;

/**
 * Whether a server that should listen on the loopback interface only can be reached from another interface of this
 * machine: tests of the "bind 127.0.0.1 unless told otherwise" rule connect to a non-loopback address of the host.
 */
public final class BindCheck {
  private BindCheck() {
  }

  /** An IPv4 address of an up, non-loopback interface of this host, if it has one. */
  public static Optional<InetAddress> nonLoopbackAddress() {
    try {
      for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!nic.isUp() || nic.isLoopback()) {
          continue;
        }
        for (InetAddress address : Collections.list(nic.getInetAddresses())) {
          if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
            return Optional.of(address);
          }
        }
      }
    } catch (SocketException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** Whether a TCP connection to {@code address:port} is accepted within one second. */
  public static boolean accepts(InetAddress address, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(address, port), 1000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }
}
