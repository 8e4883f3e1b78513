import java.util.List;
import org.opensearch.analysis.common.CommonAnalysisPlugin;
import org.opensearch.common.settings.Settings;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;
import org.opensearch.transport.Netty4Plugin;

/**
 * One OpenSearch node in this JVM, with the two plugins our index needs (HTTP over Netty, and the
 * common analysis filters). Node's constructor that takes plugins is protected; that is all this
 * subclass is for. Settings come as -Dopensearch.* system properties (see src/search/opensearch/engine.ts).
 */
public class EmbeddedNode extends Node {
  EmbeddedNode(Settings settings) {
    super(InternalSettingsPreparer.prepareEnvironment(settings, java.util.Map.of(), null, () -> "thuvien-search"),
        List.of(Netty4Plugin.class, CommonAnalysisPlugin.class), true);
  }

  public static void main(String[] args) throws Exception {
    Settings.Builder settings = Settings.builder();
    System.getProperties().forEach((k, v) -> {
      if (k.toString().startsWith("opensearch.")) settings.put(k.toString().substring(11), v.toString());
    });
    Node node = new EmbeddedNode(settings.build()).start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try { node.close(); } catch (Exception e) { e.printStackTrace(); }
    }));
    System.out.println("{\"event\":\"started\"}");
    // Exit when our parent closes our stdin, so the node never outlives the app or test that started it.
    while (System.in.read() != -1) { }
    System.exit(0);
  }
}
