extends SceneTree
# Godot 3.2 UDP client. Env: GD3_PORT (server), GD3_NAME, GD3_DEADLINE_MS.
# connect_to_host(127.0.0.1, port), put_var("hello from <name>"), waits for one reply and prints it.

func _init():
	var port = int(OS.get_environment("GD3_PORT"))
	var name = OS.get_environment("GD3_NAME")
	var deadline = OS.get_ticks_msec() + int(OS.get_environment("GD3_DEADLINE_MS"))
	var udp = PacketPeerUDP.new()
	var err = udp.connect_to_host("127.0.0.1", port)
	print("CONNECT ", err)
	udp.put_var("hello from " + name)
	while OS.get_ticks_msec() < deadline:
		if udp.get_available_packet_count() > 0:
			print("REPLY ", udp.get_var())
			break
		OS.delay_usec(500)
	udp.close()
	quit(0)
