// The video room of an online meeting. The page carries its seat as JSON (#room-seat):
// for Janus the server, a token signed for this meeting's window and the room's pin;
// for Jitsi the domain, the room and a signed JWT. The room tells the platform when this
// person joined, that they are still here, and when they leave (attendance).
(function () {
  "use strict";
  var root = document.getElementById("room");
  var seatNode = document.getElementById("room-seat");
  if (!root || !seatNode) return;
  var seat = JSON.parse(seatNode.textContent);
  var status = document.getElementById("room-status");
  var endsAt = new Date(root.dataset.ends).getTime();
  var startsAt = new Date(root.dataset.starts).getTime();
  var heartbeat = parseInt(root.dataset.heartbeat, 10) * 1000;
  var joined = false;
  var beat = null;

  function say(text) {
    status.textContent = text;
  }

  // Time left in the slot (before it starts: time until it starts).
  var clock = document.getElementById("time-left");
  function two(n) {
    return (n < 10 ? "0" : "") + n;
  }
  function tick() {
    var now = Date.now();
    var left = Math.max(0, Math.round(((now < startsAt ? startsAt : endsAt) - now) / 1000));
    var text = Math.floor(left / 60) + ":" + two(left % 60);
    clock.textContent = (now < startsAt ? root.dataset.startsLabel : root.dataset.leftLabel) + " " + text;
    if (now >= endsAt) {
      clock.textContent = root.dataset.overLabel;
      leave();
      return;
    }
    window.setTimeout(tick, 1000);
  }
  tick();

  function presence(event) {
    return fetch(root.dataset.presence, {
      method: "POST",
      credentials: "same-origin",
      keepalive: event === "leave",
      headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
      body: JSON.stringify({ event: event }),
    }).catch(function () {});
  }

  function joinedRoom() {
    if (joined) return;
    joined = true;
    root.dataset.joined = "true";
    say(root.dataset.joinedLabel);
    presence("join");
    beat = window.setInterval(function () {
      presence("here");
    }, heartbeat);
  }

  var janus = null;
  function leave() {
    if (!joined) return;
    joined = false;
    window.clearInterval(beat);
    presence("leave");
    if (janus) janus.destroy({ unload: true });
  }
  window.addEventListener("pagehide", leave);
  var leaveButton = document.getElementById("leave-room");
  if (leaveButton) {
    leaveButton.addEventListener("click", function () {
      leave();
      window.location.href = leaveButton.dataset.back;
    });
  }

  function attachStream(video, track) {
    var stream = video.srcObject instanceof MediaStream ? video.srcObject : new MediaStream();
    stream.getTracks().forEach(function (old) {
      if (old.kind === track.kind) stream.removeTrack(old);
    });
    stream.addTrack(track);
    video.srcObject = stream;
    video.play().catch(function () {});
  }

  // Where a remote feed goes: the counterpart's tile, the interpreter's seat, or a tile
  // of its own (an organiser, or both parties for an organiser).
  function tileFor(display) {
    var kind = display.split(":")[0];
    var name = display.slice(kind.length + 1);
    if (kind === "party" && root.dataset.seat === "party") return document.getElementById("counterpart");
    if (kind === "interpreter" && document.getElementById("interpreter")) return document.getElementById("interpreter");
    var tile = document.createElement("figure");
    tile.className = "tile";
    var video = document.createElement("video");
    video.autoplay = true;
    video.playsInline = true;
    var caption = document.createElement("figcaption");
    caption.textContent = name;
    tile.appendChild(video);
    tile.appendChild(caption);
    document.getElementById("tiles").appendChild(tile);
    tile.dataset.dynamic = "true";
    return tile;
  }

  function startJanus() {
    var room = seat.room;
    var feeds = {};
    Janus.init({
      debug: false,
      dependencies: Janus.useDefaultDependencies({ adapter: window.adapter }),
      callback: function () {
        janus = new Janus({
          server: seat.server,
          token: seat.token,
          iceServers: seat.iceServers && seat.iceServers.length ? seat.iceServers : undefined,
          success: publish,
          error: function () {
            say(root.dataset.failedLabel);
          },
        });
      },
    });

    function publish() {
      var me = null;
      janus.attach({
        plugin: "janus.plugin.videoroom",
        success: function (handle) {
          me = handle;
          handle.send({ message: { request: "join", ptype: "publisher", room: room, pin: seat.pin, display: seat.display } });
        },
        error: function () {
          say(root.dataset.failedLabel);
        },
        onmessage: function (msg, jsep) {
          var event = msg.videoroom;
          if (event === "joined") {
            me.createOffer({
              tracks: [
                { type: "audio", capture: true, recv: false },
                { type: "video", capture: true, recv: false },
              ],
              success: function (offer) {
                me.send({ message: { request: "configure", audio: true, video: true }, jsep: offer });
              },
              error: function () {
                say(root.dataset.cameraLabel);
              },
            });
            joinedRoom();
          }
          if (msg.publishers) msg.publishers.forEach(subscribe);
          var gone = msg.leaving || msg.unpublished;
          if (gone && feeds[gone]) {
            var tile = feeds[gone].tile;
            feeds[gone].handle.detach();
            delete feeds[gone];
            if (tile.dataset.dynamic) tile.remove();
            else tile.querySelector("video").srcObject = null;
            tile.classList.remove("live");
          }
          if (msg.error) say(root.dataset.failedLabel);
          if (jsep) me.handleRemoteJsep({ jsep: jsep });
        },
        onlocaltrack: function (track, on) {
          if (on && track.kind === "video") attachStream(document.querySelector("#me video"), track);
        },
      });
    }

    function subscribe(publisher) {
      if (feeds[publisher.id]) return;
      var tile = tileFor(publisher.display || "");
      var feed = { tile: tile, handle: null };
      feeds[publisher.id] = feed;
      janus.attach({
        plugin: "janus.plugin.videoroom",
        success: function (handle) {
          feed.handle = handle;
          handle.send({
            message: { request: "join", ptype: "subscriber", room: room, pin: seat.pin, streams: [{ feed: publisher.id }] },
          });
        },
        onmessage: function (msg, jsep) {
          if (jsep) {
            feed.handle.createAnswer({
              jsep: jsep,
              tracks: [{ type: "data" }],
              success: function (answer) {
                feed.handle.send({ message: { request: "start", room: room }, jsep: answer });
              },
            });
          }
        },
        onremotetrack: function (track, mid, on) {
          if (!on) return;
          attachStream(tile.querySelector("video"), track);
          tile.classList.add("live");
        },
      });
    }
  }

  function startJitsi() {
    var script = document.createElement("script");
    script.src = "https://" + seat.domain + "/external_api.js";
    script.onload = function () {
      var api = new window.JitsiMeetExternalAPI(seat.domain, {
        roomName: seat.room,
        jwt: seat.jwt,
        parentNode: document.getElementById("tiles"),
        userInfo: { displayName: root.dataset.display },
      });
      api.addListener("videoConferenceJoined", joinedRoom);
      api.addListener("readyToClose", leave);
    };
    script.onerror = function () {
      say(root.dataset.failedLabel);
    };
    document.head.appendChild(script);
  }

  say(root.dataset.connectingLabel);
  if (seat.provider === "jitsi") startJitsi();
  else startJanus();
})();
