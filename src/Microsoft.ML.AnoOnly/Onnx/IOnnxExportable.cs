namespace Microsoft.ML.AnoOnly.Onnx
{
    /// <summary>A scorer that writes its own forward pass as an ONNX subgraph.</summary>
    internal interface IOnnxExportable
    {
        /// <summary>Adds the nodes that score <paramref name="features"/> ([N, d] floats, as the scorer reads them) and returns
        /// the name of the [N, 1] score tensor.</summary>
        string EmitOnnx(OnnxGraphBuilder graph, string features);
    }
}
