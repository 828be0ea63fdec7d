using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using Google.Protobuf;
using Microsoft.ML.AnoOnly.Onnx.Proto;
using Microsoft.ML.AnoOnly.Persistence;

namespace Microsoft.ML.AnoOnly.Onnx
{
    /// <summary>
    /// Writes a trained or loaded AnoOnly model, with the affine normalizers directly before it folded in, as one ONNX
    /// model: input <c>Features</c> [N, d] (float), outputs <c>Score</c> [N] (float) and <c>PredictedLabel</c> [N]
    /// (bool, Score &gt; threshold).
    /// </summary>
    internal static class AnoOnlyOnnxExporter
    {
        public const string InputName = "Features", ScoreName = "Score", PredictedLabelName = "PredictedLabel";

        public static void Write(ITransformer model, Stream stream)
        {
            if (model is null)
                throw new ArgumentNullException(nameof(model));
            if (stream is null)
                throw new ArgumentNullException(nameof(stream));
            Build(model).WriteTo(stream);
        }

        public static ModelProto Build(ITransformer model)
        {
            TypedModel.Parts parts = TypedModel.Split(model);
            ModelState state = parts.State;
            List<(float[] Offset, float[] Scale)> normalizers = NormalizerFolding.Find(parts.Preceding, state);

            var graph = new OnnxGraphBuilder();
            string features = graph.Name(InputName);
            string x = features;
            foreach ((float[] offset, float[] scale) in normalizers)
            {
                // ML.NET's affine normalizer: (x - offset) * scale, in that order.
                x = graph.Node("Sub", new[] { x, graph.Constant("normalizer.offset", offset, 1, offset.Length) });
                x = graph.Node("Mul", new[] { x, graph.Constant("normalizer.scale", scale, 1, scale.Length) });
            }
            string memberScores = parts.Scorer.EmitOnnx(graph, x);
            string score = graph.Node("Reshape", new[] { memberScores, graph.Constant("score_shape", new long[] { -1 }) }, graph.Name(ScoreName));
            graph.Node("Greater", new[] { score, graph.Constant("threshold", new[] { state.Threshold }, 1) }, graph.Name(PredictedLabelName));

            graph.Graph.Input.Add(OnnxGraphBuilder.Tensor(InputName, TensorProto.Types.DataType.Float, state.FeatureCount));
            graph.Graph.Output.Add(OnnxGraphBuilder.Tensor(ScoreName, TensorProto.Types.DataType.Float, null));
            graph.Graph.Output.Add(OnnxGraphBuilder.Tensor(PredictedLabelName, TensorProto.Types.DataType.Bool, null));
            graph.Graph.DocString = normalizers.Count == 0
                ? $"Input {InputName}: the {state.FeatureCount} features as the AnoOnly model reads them."
                : $"Input {InputName}: the {state.FeatureCount} features before the {normalizers.Count} normalizer(s) folded into this graph.";

            var onnx = new ModelProto
            {
                IrVersion = OnnxGraphBuilder.IrVersion,
                ProducerName = "Microsoft.ML.AnoOnly",
                ProducerVersion = typeof(AnoOnlyOnnxExporter).Assembly.GetName().Version?.ToString() ?? "",
                Domain = "Microsoft.ML.AnoOnly",
                DocString = $"AnoOnly anomaly detector ({string.Join(", ", Describe(state))}); PredictedLabel = Score > {state.Threshold:R}.",
                Graph = graph.Graph,
            };
            onnx.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxGraphBuilder.OpsetVersion });
            onnx.MetadataProps.Add(new StringStringEntryProto { Key = "threshold", Value = state.Threshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture) });
            return onnx;
        }

        private static IEnumerable<string> Describe(ModelState state)
        {
            foreach (MemberState member in state.Members)
                yield return $"{member.Backbone} with the {member.Loss} loss";
        }
    }
}
