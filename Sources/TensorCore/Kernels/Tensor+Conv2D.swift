extension Tensor {
    /// PyTorch `F.conv2d` (cross-correlation) with symmetric zero padding.
    /// 3×3, stride-1, pad-1 convs with enough channels and pixels run as Winograd F(2×2, 3×3)
    /// (`WinogradConv3x3Kernel`), the rest as tiled im2col + sgemm (`Conv2DKernel`).
    ///
    /// self: `[N, C, H, W]`, weight: `[O, C, kh, kw]`, bias: `[O]` or nil → `[N, O, Hout, Wout]`
    /// (`Hout = (H + 2·padding − kh) / stride + 1`).
    public func conv2d(weight: Tensor, bias: Tensor? = nil, stride: Int = 1, padding: Int = 0,
                       workspace: KernelWorkspace? = nil) throws -> Tensor {
        let op = "conv2d"
        try TensorCoreError.requireRank(self, 4, op, "input", "[N, C, H, W]")
        try TensorCoreError.requireRank(weight, 4, op, "weight", "[O, C, kh, kw]")
        guard weight.shape[1] == shape[1] else {
            throw TensorCoreError.shapeMismatch(operation: op, argument: "weight",
                                                expected: "[O, \(shape[1]), kh, kw]", actual: weight.shape)
        }
        let g = try Conv2DGeometry(inChannels: shape[1], height: shape[2], width: shape[3],
                                   outChannels: weight.shape[0], kernelHeight: weight.shape[2],
                                   kernelWidth: weight.shape[3], stride: stride, padding: padding)
        if let bias { try TensorCoreError.requireShape(bias, [g.outChannels], op, "bias") }
        let n = shape[0]
        var out = Tensor(zeros: [n, g.outChannels, g.outHeight, g.outWidth])
        let inSize = g.inChannels * g.height * g.width, outSize = g.outChannels * g.outHeight * g.outWidth
        let ws = workspace ?? KernelWorkspace()
        out.withUnsafeMutableBufferPointer { o in
            withUnsafeBufferPointer { x in
                weight.withUnsafeBufferPointer { w in
                    let biasArray = bias?.scalars
                    biasArray.withOptionalPointer { bp in
                        let winograd = g.kernelHeight == 3 && g.kernelWidth == 3 && g.stride == 1 && g.padding == 1
                            && WinogradConv3x3Kernel.isProfitable(inChannels: g.inChannels, outChannels: g.outChannels,
                                                                  height: g.height, width: g.width)
                        for i in 0..<n where winograd {
                            WinogradConv3x3Kernel.forwardSample(input: x.baseAddress! + i * inSize, weight: w.baseAddress!,
                                                                bias: bp, output: o.baseAddress! + i * outSize,
                                                                inChannels: g.inChannels, outChannels: g.outChannels,
                                                                height: g.height, width: g.width, workspace: ws)
                        }
                        for i in 0..<n where !winograd {
                            Conv2DKernel.forwardSample(input: x.baseAddress! + i * inSize, weight: w.baseAddress!,
                                                       bias: bp, output: o.baseAddress! + i * outSize,
                                                       geometry: g, workspace: ws)
                        }
                    }
                }
            }
        }
        return out
    }
}

extension Optional where Wrapped == [Float] {
    /// Calls `body` with a pointer to the array's elements, or nil.
    func withOptionalPointer<R>(_ body: (UnsafePointer<Float>?) throws -> R) rethrows -> R {
        switch self {
        case .some(let array): return try array.withUnsafeBufferPointer { try body($0.baseAddress) }
        case .none: return try body(nil)
        }
    }
}
