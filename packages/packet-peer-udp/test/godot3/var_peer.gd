extends SceneTree
# Godot 3.2 Variant peer. Env: GD3_PORT, GD3_DEADLINE_MS.
# For every packet: get_var() it and reply put_var([typeof(v), var2str(v), v]).
# The packet "__send_all__" (a String Variant) makes it send every value of VALUES, in order.
# Prints "READY" once listening. "__quit__" stops it.

const VALUES_SCRIPT = "res://values.gd"

func _init():
	var port = int(OS.get_environment("GD3_PORT"))
	var deadline = OS.get_ticks_msec() + int(OS.get_environment("GD3_DEADLINE_MS"))
	var values = load(VALUES_SCRIPT).new().values()
	var udp = PacketPeerUDP.new()
	if udp.listen(port, "127.0.0.1", 1 << 22) != OK:
		print("LISTEN_FAILED")
		quit(1)
		return
	print("READY")
	var running = true
	while running and OS.get_ticks_msec() < deadline:
		if udp.get_available_packet_count() <= 0:
			OS.delay_usec(200)
			continue
		var v = udp.get_var()
		udp.set_dest_address(udp.get_packet_ip(), udp.get_packet_port())
		if typeof(v) == TYPE_STRING and v == "__quit__":
			running = false
		elif typeof(v) == TYPE_STRING and v == "__send_all__":
			for value in values:
				udp.put_var(value)
		else:
			udp.put_var([typeof(v), var2str(v), v])
	udp.close()
	print("DONE")
	quit(0)
