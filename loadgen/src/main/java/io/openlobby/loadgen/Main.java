package io.openlobby.loadgen;

import picocli.CommandLine;

/** Entry point: parses the command line, runs one bounded load run, exits with its code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  /** Runs the command and returns the exit code (used by tests too). {@code merge DIR...} merges reports. */
  public static int execute(String... args) {
    if (args.length > 0 && args[0].equals("merge")) {
      return new CommandLine(new MergeCommand()).execute(java.util.Arrays.copyOfRange(args, 1, args.length));
    }
    return commandLine().execute(args);
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new LoadgenCommand());
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println("loadgen: " + ex.getMessage());
          c.getErr().println("Try 'loadgen --help' for the options.");
          return c.getCommandSpec().exitCodeOnInvalidInput();
        });
    return cl;
  }
}
