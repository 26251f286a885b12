// Applies a CQL file to a Cassandra node without cqlsh (which is Python).
// Uses the DataStax driver 3.x that cassandra-all already has on its runtime
// classpath (org.apache.cassandra:cassandra-driver-core, shaded). Run with the
// JDK 17 source launcher:
//   java -cp <cassandra classpath> cassandra/ApplySchema.java HOST PORT KEYSPACE FILE
// File format: `${keyspace}` is replaced by KEYSPACE, lines starting with `--`
// are comments, every statement ends with `;` at the end of a line.
// Rows returned by a statement (e.g. a SELECT) are printed, one per line.
import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.ColumnDefinitions;
import com.datastax.driver.core.ResultSet;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

public class ApplySchema {
    public static void main(String[] args) throws Exception {
        // The classpath's logback has no config here and would log DEBUG to stdout.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("ROOT"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        if (args.length != 4) {
            fail("usage: ApplySchema HOST PORT KEYSPACE FILE");
        }
        String host = args[0], keyspace = args[2];
        int port = Integer.parseInt(args[1]);
        if (!keyspace.matches("[A-Za-z][A-Za-z0-9_]{0,47}")) {
            fail("invalid keyspace name '" + keyspace + "' (letters, digits, _; max 48)");
        }
        Path file = Path.of(args[3]);
        if (!Files.isReadable(file)) fail("cannot read " + file);
        List<String> statements = split(Files.readString(file).replace("${keyspace}", keyspace));

        // Never closed: Cluster.close() waits ~2 s for Netty; System.exit ends it all.
        Cluster cluster = Cluster.builder().addContactPoint(host).withPort(port)
                .withoutJMXReporting().withoutMetrics().build();
        try {
            Session session = cluster.connect();
            for (String cql : statements) {
                String first = cql.lines().findFirst().orElse("").trim();
                try {
                    ResultSet rs = session.execute(cql);
                    ColumnDefinitions cols = rs.getColumnDefinitions();
                    for (Row row : rs) {
                        List<String> values = new ArrayList<>();
                        for (int i = 0; i < cols.size(); i++) values.add(String.valueOf(row.getObject(i)));
                        System.out.println(String.join(" | ", values));
                    }
                } catch (RuntimeException e) {
                    fail("statement failed: " + first + "\n  " + e);
                }
            }
            if (!cluster.getMetadata().checkSchemaAgreement()) {
                System.err.println("ApplySchema: warning: schema not yet in agreement");
            }
        } catch (com.datastax.driver.core.exceptions.NoHostAvailableException e) {
            fail("cannot connect to " + host + ":" + port + ": " + e.getMessage());
        }
        System.err.println("ApplySchema: applied " + statements.size() + " statement(s) from " + file
                + " (keyspace " + keyspace + ")");
        System.exit(0);
    }

    /** Drops `--` comment lines, then splits on `;` at end of line. */
    static List<String> split(String text) {
        String noComments = text.lines().filter(l -> !l.strip().startsWith("--"))
                .collect(Collectors.joining("\n"));
        List<String> out = new ArrayList<>();
        for (String s : noComments.split(";[ \\t]*(\\n|$)")) {
            if (!s.isBlank()) out.add(s.strip());
        }
        return out;
    }

    static void fail(String message) {
        System.err.println("ApplySchema: " + message);
        System.exit(1);
    }
}
