import com.sun.tools.attach.VirtualMachine;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Used by bench/cluster: for each server node's pid, how many cluster members that node sees Up,
 * read from Pekko's own cluster MBean ({@code pekko:type=Cluster}, attribute {@code ClusterStatus},
 * on by default with {@code pekko.cluster.jmx.enabled}) through the JDK's attach API, so the server
 * needs no extra endpoint. Prints one line per pid: {@code PID UP MEMBERS UNREACHABLE} (or
 * {@code PID -1 -1 -1 error...} when the node cannot be read yet).
 *
 * <p>{@code java bench/ClusterMembers.java PID...} (a JDK 17, source-file mode; same user as the nodes).
 */
public final class ClusterMembers {
  private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");

  public static void main(String[] args) {
    for (String pid : args) {
      try {
        VirtualMachine vm = VirtualMachine.attach(pid);
        String address;
        try {
          address = vm.startLocalManagementAgent();
        } finally {
          vm.detach();
        }
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
          MBeanServerConnection mbs = c.getMBeanServerConnection();
          String status = (String) mbs.getAttribute(new ObjectName("pekko:type=Cluster"), "ClusterStatus");
          // {"members": [{"address": ..., "roles": [...], "status": "Up"}, ...], "unreachable": [...], ...}
          int members = 0;
          int up = 0;
          int unreachableAt = status.indexOf("\"unreachable\"");
          String membersPart = unreachableAt < 0 ? status : status.substring(0, unreachableAt);
          Matcher m = STATUS.matcher(membersPart);
          while (m.find()) {
            members++;
            if (m.group(1).equals("Up")) {
              up++;
            }
          }
          int unreachable = 0;
          if (unreachableAt >= 0) {
            Matcher u = Pattern.compile("\"node\"\\s*:").matcher(status.substring(unreachableAt));
            while (u.find()) {
              unreachable++;
            }
          }
          System.out.println(pid + " " + up + " " + members + " " + unreachable);
        }
      } catch (Exception e) {
        System.out.println(pid + " -1 -1 -1 " + e.getClass().getSimpleName() + ": " + e.getMessage());
      }
    }
  }
}
