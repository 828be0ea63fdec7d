namespace Microsoft.ML.AnoOnly
{
    /// <summary>Where the network is trained. Scoring always runs in managed code on the CPU.</summary>
    public enum AnoOnlyDevice
    {
        /// <summary>Train on the CPU (default). Works with the TorchSharp-cpu package.</summary>
        Cpu = 0,

        /// <summary>Train on the first CUDA GPU. Needs a CUDA build of libtorch (a TorchSharp-cuda package);
        /// training fails with a clear message when none is present.</summary>
        Cuda = 1,

        /// <summary>Train on CUDA when a CUDA build of libtorch and a GPU are present, else on the CPU.</summary>
        Auto = 2,
    }
}
