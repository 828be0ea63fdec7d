using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
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

        public static void Write(ITransformer model, Stream stream, IReadOnlyList<string>? columnInputs = null)
        {
            ArgumentNullException.ThrowIfNull(model);
            ArgumentNullException.ThrowIfNull(stream);
            Build(model, columnInputs).WriteTo(stream);
        }

        /// <param name="model">The model or pipeline.</param>
        /// <param name="columnInputs">Null: one input <c>Features</c> [N, d]. Else one input [N, 1] per feature, with these
        /// names, concatenated in order (SQL's PREDICT binds one column to each input).</param>
        public static ModelProto Build(ITransformer model, IReadOnlyList<string>? columnInputs = null)
        {
            TypedModel.Parts parts = TypedModel.Split(model);
            ModelState state = parts.State;
            List<(float[] Offset, float[] Scale)> normalizers = NormalizerFolding.Find(parts.Preceding, state);
            if (columnInputs != null && (columnInputs.Count != state.FeatureCount || columnInputs.Distinct().Count() != columnInputs.Count
                    || columnInputs.Any(string.IsNullOrEmpty) || columnInputs.Contains(ScoreName) || columnInputs.Contains(PredictedLabelName)))
                throw new ArgumentException($"Give {state.FeatureCount} distinct, non-empty input names other than {ScoreName} and " +
                                            $"{PredictedLabelName}, one per feature; got {columnInputs.Count}.", nameof(columnInputs));

            var graph = new OnnxGraphBuilder();
            string x;
            if (columnInputs == null)
                x = graph.Name(InputName);
            else
            {
                foreach (string column in columnInputs)
                    graph.Name(column);
                x = graph.Concat(columnInputs.ToArray());
            }
            foreach ((float[] offset, float[] scale) in normalizers)
            {
                // ML.NET's affine normalizer: (x - offset) * scale, in that order.
                x = graph.Node("Sub", new[] { x, graph.Constant("normalizer.offset", offset, 1, offset.Length) });
                x = graph.Node("Mul", new[] { x, graph.Constant("normalizer.scale", scale, 1, scale.Length) });
            }
            string memberScores = parts.Scorer.EmitOnnx(graph, x);
            string score = graph.Node("Reshape", new[] { memberScores, graph.Constant("score_shape", new long[] { -1 }) }, graph.Name(ScoreName));
            graph.Node("Greater", new[] { score, graph.Constant("threshold", new[] { state.Threshold }, 1) }, graph.Name(PredictedLabelName));

            if (columnInputs == null)
                graph.Graph.Input.Add(OnnxGraphBuilder.Tensor(InputName, TensorProto.Types.DataType.Float, state.FeatureCount));
            else
            {
                foreach (string column in columnInputs)
                    graph.Graph.Input.Add(OnnxGraphBuilder.Tensor(column, TensorProto.Types.DataType.Float, 1));
            }
            graph.Graph.Output.Add(OnnxGraphBuilder.Tensor(ScoreName, TensorProto.Types.DataType.Float, null));
            graph.Graph.Output.Add(OnnxGraphBuilder.Tensor(PredictedLabelName, TensorProto.Types.DataType.Bool, null));
            graph.Graph.DocString = normalizers.Count == 0
                ? $"Inputs: the {state.FeatureCount} features as the AnoOnly model reads them."
                : $"Inputs: the {state.FeatureCount} features before the {normalizers.Count} normalizer(s) folded into this graph.";

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
