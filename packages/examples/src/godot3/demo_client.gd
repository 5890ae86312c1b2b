extends SceneTree
# The demo's Godot 3 player: joins the gdwire server, sends its input 20 times
# a second for a few seconds, and reports what it saw. Env: GD3_PORT.

func _init():
	var port = int(OS.get_environment("GD3_PORT"))
	var udp = PacketPeerUDP.new()
	udp.connect_to_host("127.0.0.1", port)
	var snapshots = 0
	var last_tick = -1
	var my_pos = null
	var seq = 0
	var next_send = 0
	var end = OS.get_ticks_msec() + 3000
	while OS.get_ticks_msec() < end:
		if OS.get_ticks_msec() >= next_send:
			seq += 1
			udp.put_var({"name": "godot3", "seq": seq, "input": Vector2(-1, 0.5)})
			next_send = OS.get_ticks_msec() + 50
		while udp.get_available_packet_count() > 0:
			var snap = udp.get_var()
			if typeof(snap) == TYPE_DICTIONARY and snap.has("tick"):
				snapshots += 1
				last_tick = snap["tick"]
				for p in snap["players"]:
					if p["name"] == "godot3":
						my_pos = p["pos"]
		OS.delay_msec(2)
	print("GODOT3 snapshots=", snapshots, " last_tick=", last_tick, " my_pos=", my_pos)
	udp.close()
	quit()
