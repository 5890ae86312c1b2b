extends SceneTree
# Godot 3.2 UDP echo server. Env: GD3_PORT, GD3_BIND (default "*"), GD3_DEADLINE_MS.
# Prints "READY" once listening; echoes every packet to its sender; "__quit__" stops it.

func _init():
	var port = int(OS.get_environment("GD3_PORT"))
	var bind = OS.get_environment("GD3_BIND")
	if bind == "":
		bind = "*"
	var deadline = OS.get_ticks_msec() + int(OS.get_environment("GD3_DEADLINE_MS"))
	var udp = PacketPeerUDP.new()
	var err = udp.listen(port, bind, 1 << 22)
	if err != OK:
		print("LISTEN_FAILED ", err)
		quit(1)
		return
	print("READY")
	var running = true
	var echoed = 0
	while running and OS.get_ticks_msec() < deadline:
		if udp.get_available_packet_count() <= 0:
			OS.delay_usec(200)
			continue
		while udp.get_available_packet_count() > 0:
			var pkt = udp.get_packet()
			if pkt.size() == 8 and pkt.get_string_from_ascii() == "__quit__":
				running = false
				break
			udp.set_dest_address(udp.get_packet_ip(), udp.get_packet_port())
			udp.put_packet(pkt)
			echoed += 1
	udp.close()
	print("DONE echoed=", echoed)
	quit(0)
