namespace Microsoft.ML.AnoOnly
{
    /// <summary>
    /// Where the network is trained, when set in <see cref="AnoOnlyTrainer.Options.Device"/>; left unset, training
    /// follows <see cref="MLContext.GpuDeviceId"/> and <see cref="MLContext.FallbackToCpu"/> (docs/devices.md).
    /// Scoring always runs in managed code on the CPU.
    /// </summary>
    public enum AnoOnlyDevice
    {
        /// <summary>Train on the CPU, whatever the MLContext says. Works with every libtorch backend.</summary>
        Cpu = 0,

        /// <summary>Train on a CUDA GPU: the one <see cref="MLContext.GpuDeviceId"/> names, else the first. Needs a CUDA
        /// build of libtorch (a TorchSharp-cuda package, docs/native-backend.md); training fails with a clear message
        /// when none is present, whatever <see cref="MLContext.FallbackToCpu"/> says.</summary>
        Cuda = 1,

        /// <summary>Train on a CUDA GPU (as <see cref="Cuda"/>) when a CUDA build of libtorch and that GPU are present,
        /// else on the CPU, with one line on <c>MLContext.Log</c>.</summary>
        Auto = 2,
    }
}
