"""The configuration files of a Janus server that Tradefair's rooms need: the core with
signed-token authentication, the HTTP transport, and the videoroom plugin locked with an
admin key, so that only the platform creates rooms. ``deploy/janus/`` holds the same files
for a deployment; the end-to-end test writes them into a temporary folder."""

from __future__ import annotations

from pathlib import Path

PLUGINS = "/usr/lib/x86_64-linux-gnu/janus"

OTHER_PLUGINS = (
    "libjanus_audiobridge.so,libjanus_duktape.so,libjanus_echotest.so,libjanus_lua.so,"
    "libjanus_nosip.so,libjanus_recordplay.so,libjanus_sip.so,libjanus_streaming.so,"
    "libjanus_textroom.so,libjanus_videocall.so,libjanus_voicemail.so"
)
OTHER_TRANSPORTS = (
    "libjanus_websockets.so,libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_rabbitmq.so"
)


def write_config(
    folder: Path,
    *,
    token_secret: str,
    admin_key: str,
    http_port: int,
    rtp_ports: tuple[int, int],
    interface: str = "127.0.0.1",
    stun_server: str = "",
    libraries: str = PLUGINS,
) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    stun = f'\n\tstun_server = "{stun_server}"\n\tstun_port = 3478' if stun_server else ""
    (folder / "janus.jcfg").write_text(
        f"""general: {{
\tconfigs_folder = "{folder}"
\tplugins_folder = "{libraries}/plugins"
\ttransports_folder = "{libraries}/transports"
\tevents_folder = "{libraries}/events"
\tloggers_folder = "{libraries}/loggers"
\tdebug_level = 4
\t# Every request carries a token the platform signed for one meeting's window.
\ttoken_auth = true
\ttoken_auth_secret = "{token_secret}"
\tsession_timeout = 60
}}
media: {{
\trtp_port_range = "{rtp_ports[0]}-{rtp_ports[1]}"
}}
nat: {{
\tnice_debug = false
\tice_ignore_list = "vmnet"{stun}
}}
plugins: {{
\tdisable = "{OTHER_PLUGINS}"
}}
transports: {{
\tdisable = "{OTHER_TRANSPORTS}"
}}
events: {{
\tbroadcast = false
}}
"""
    )
    (folder / "janus.transport.http.jcfg").write_text(
        f"""general: {{
\tjson = "compact"
\tbase_path = "/janus"
\thttp = true
\tport = {http_port}
\tip = "{interface}"
\thttps = false
}}
admin: {{
\tadmin_http = false
}}
cors: {{
}}
"""
    )
    (folder / "janus.plugin.videoroom.jcfg").write_text(
        f"""general: {{
\t# Without this key nobody but the platform may create, edit or destroy a room.
\tadmin_key = "{admin_key}"
\tlock_rtp_forward = true
}}
"""
    )
    return folder / "janus.jcfg"
