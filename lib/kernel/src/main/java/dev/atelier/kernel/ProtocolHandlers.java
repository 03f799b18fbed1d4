package dev.atelier.kernel;

import io.github.spencerpark.jupyter.channels.JupyterConnection;
import io.github.spencerpark.jupyter.channels.ShellHandler;
import io.github.spencerpark.jupyter.messages.MessageType;
import io.github.spencerpark.jupyter.messages.reply.ErrorReply;
import io.github.spencerpark.jupyter.messages.reply.HistoryReply;

import java.lang.reflect.Constructor;
import java.util.List;

/**
 * Completes the base kernel's protocol handling so that every request on the shell and control
 * channels is answered as the Jupyter messaging protocol (5.x) asks: {@code status: busy}, the
 * reply, {@code status: idle}.
 * <ul>
 *   <li>{@code history_request}: the base kernel stays silent when it keeps no history; this kernel
 *       answers with an empty history;</li>
 *   <li>requests this kernel does not implement (the debugger's, subshells', usage, the deprecated
 *       connect/abort/clear/apply, or any other name): an error reply (status {@code error},
 *       {@code ename} {@code UnsupportedRequest}, naming the request) instead of silence. A
 *       request the protocol names is answered with its own reply type ({@code debug_request} →
 *       {@code debug_reply}); any other name with a reply of type {@code none}, since the base
 *       library does not keep unknown type names.</li>
 * </ul>
 * The other requests (kernel_info, execute, complete, inspect, is_complete, comm_info, shutdown,
 * interrupt) are the base kernel's, which already publishes busy and idle around them.
 */
final class ProtocolHandlers {
    /** Request types of the messaging protocol that the base library does not know. */
    static final List<String> OTHER_REQUESTS = List.of("debug", "usage", "create_subshell", "delete_subshell",
            "list_subshell", "connect", "abort", "clear", "apply");

    private ProtocolHandlers() {}

    static void install(JupyterConnection connection) {
        connection.setHandler(MessageType.HISTORY_REQUEST, (env, msg) -> {
            env.setBusyDeferIdle();
            env.reply(new HistoryReply(List.of()));
        });
        connection.setHandler(MessageType.UNKNOWN, unsupported(MessageType.UNKNOWN, "this request type"));
        for (String name : OTHER_REQUESTS) {
            MessageType<Object> request = type(name + "_request");
            connection.setHandler(request, unsupported(type(name + "_reply"), name + "_request"));
        }
    }

    private static ShellHandler<Object> unsupported(MessageType<?> replyType, String what) {
        return (env, msg) -> {
            env.setBusyDeferIdle();
            env.replyError(replyType.error(), new ErrorReply("UnsupportedRequest",
                    "the Atelier kernel does not implement " + what, List.of()));
        };
    }

    /** The message type called {@code name}, registered with the base library when it has none. */
    @SuppressWarnings("unchecked")
    static MessageType<Object> type(String name) {
        MessageType<?> known = MessageType.getType(name);
        if (known != MessageType.UNKNOWN) return (MessageType<Object>) known;
        try {
            Constructor<MessageType> c = MessageType.class.getDeclaredConstructor(String.class, Class.class);
            c.setAccessible(true);
            return c.newInstance(name, Object.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("jupyter-jvm-basekernel changed: cannot register message type " + name, e);
        }
    }
}
