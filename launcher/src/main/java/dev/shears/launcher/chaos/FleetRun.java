package dev.shears.launcher.chaos;

import java.io.IOException;

/** One run of the chaos sweep on some fleet (OS processes, or containers), with or without faults. */
interface FleetRun extends AutoCloseable {
  /** Starts the fleet, submits the sweep, injects faults when asked, waits for the end and reads every topic. */
  SweepRun.Outcome run(byte[] spec, boolean injectFaults) throws IOException;

  /** Stops the fleet. */
  @Override
  void close();
}
