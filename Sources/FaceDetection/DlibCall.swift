import CDlib

/// Runs one CDlib call with a message buffer; returns its status and dlib's message (empty on success).
func dlibCall(_ body: (UnsafeMutablePointer<CChar>) -> Int32) -> (status: Int32, message: String) {
    var buffer = [CChar](repeating: 0, count: Int(CDLIB_MESSAGE_LENGTH))
    let status = buffer.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
    let message = buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    return (status, message)
}

/// True for the statuses that mean success.
func dlibSucceeded(_ status: Int32) -> Bool { status == Int32(CDLIB_OK.rawValue) }
