using System;
using System.IO;
using System.Linq;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.AnoOnly.Tests.Reliability;
using Microsoft.ML.Data;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Deployment
{
    /// <summary>
    /// The ONNX export, run by ONNX Runtime: Score equals the managed scorer's within 1e-5 (relative above 1) and
    /// PredictedLabel matches, for every backbone x loss, trained and loaded, with and without the normalizer before the
    /// model, and for a model of several members.
    /// </summary>
    public class OnnxExportTests
    {
        public static string[] Models => FixtureModels.Names;

        /// <summary>Loaded (LoadAnoOnly) pipelines of NormalizeMinMax + AnoOnly: the normalizer folded in, fed raw rows;
        /// the model alone, fed normalized rows; and the same file read with plain Model.Load.</summary>
        [TestCaseSource(nameof(Models))]
        public void LoadedModelScoresInOnnxRuntimeAsInManagedCode(string name)
        {
            var ml = new MLContext(seed: 1);
            TransformerChain<AnoOnlyTransformer> model = FixtureModels.Load(ml, name);
            IDataView test = FixtureModels.CardioSplit(ml).Test.ToDataView(ml);
            IDataView scored = model.Transform(test);
            float[] expected = scored.GetColumn<float>("Score").ToArray();
            bool[] labels = scored.GetColumn<bool>("PredictedLabel").ToArray();
            float[][] raw = test.GetColumn<float[]>("Features").ToArray();
            float[][] normalized = scored.GetColumn<float[]>("Features").ToArray();

            AssertSameScores(Export(ml, model), raw, expected, labels, model.LastTransformer.Threshold);
            AssertSameScores(Export(ml, model.LastTransformer), normalized, expected, labels, model.LastTransformer.Threshold);
            AssertSameScores(Export(ml, ml.Model.Load(FixtureModels.PathOf(name), out _)), raw, expected, labels, model.LastTransformer.Threshold);
        }

        /// <summary>Freshly trained pipelines with NormalizeMeanVariance (offsets and scales), every backbone x loss and the
        /// ensemble (its kNN member included).</summary>
        [TestCaseSource(typeof(Mechanism.MechanismRig), nameof(Mechanism.MechanismRig.ModelsAndLosses))]
        public void TrainedModelScoresInOnnxRuntimeAsInManagedCode(AnoOnlyBackbone backbone, AnoOnlyLoss loss)
        {
            var ml = new MLContext(seed: 1);
            var (train, test, split) = TestData.SyntheticSplit(ml, rows: 400);
            AnoOnlyTrainer.Options options = Reliability.Backbones.Tiny(backbone);
            options.Loss = loss;
            // fixZero: false gives the normalizer offsets (the means) as well as scales: both are folded in.
            TransformerChain<AnoOnlyTransformer> model = ml.Transforms.NormalizeMeanVariance("Features", fixZero: false)
                .Append(ml.AnomalyDetection.Trainers.AnoOnly(options)).Fit(train);
            IDataView scored = model.Transform(test);
            AssertSameScores(Export(ml, model), split.Test.Features, scored.GetColumn<float>("Score").ToArray(),
                scored.GetColumn<bool>("PredictedLabel").ToArray(), model.LastTransformer.Threshold);
        }

        [TestCase("deepsad-full")]
        [TestCase("feawad-anomalyonly")]
        public void ModelOfSeveralMembersScoresAsTheManagedCombination(string name)
        {
            var ml = new MLContext(seed: 1);
            TransformerChain<AnoOnlyTransformer> loaded = FixtureModels.Load(ml, name);
            ModelState two = BlockScoringTests.TwoMembers(loaded.LastTransformer.State);
            var model = new TransformerChain<AnoOnlyTransformer>(loaded.First(),
                new AnoOnlyTransformer(two, loaded.LastTransformer.TrainingSchema));
            IDataView test = FixtureModels.CardioSplit(ml).Test.ToDataView(ml);
            IDataView scored = model.Transform(test);
            AssertSameScores(Export(ml, model), test.GetColumn<float[]>("Features").ToArray(), scored.GetColumn<float>("Score").ToArray(),
                scored.GetColumn<bool>("PredictedLabel").ToArray(), model.LastTransformer.Threshold);
        }

        [Test]
        public void NormalizerThatCannotBeFoldedIsRefused()
        {
            var ml = new MLContext(seed: 1);
            var (train, _, _) = TestData.SyntheticSplit(ml, rows: 300);
            TransformerChain<AnoOnlyTransformer> model = ml.Transforms.NormalizeLogMeanVariance("Features")
                .Append(ml.AnomalyDetection.Trainers.AnoOnly(Reliability.Backbones.Tiny(AnoOnlyBackbone.DevNet))).Fit(train);
            var e = Assert.Throws<NotSupportedException>(() => ml.Model.ConvertAnoOnlyToOnnx(model, new MemoryStream()))!;
            Assert.That(e.Message, Does.Contain("not an affine normalizer"));
            Assert.Throws<AnoOnlyModelFormatException>(() => ml.Model.ConvertAnoOnlyToOnnx(ml.Transforms.NormalizeMinMax("Features").Fit(train), new MemoryStream()));
        }

        internal static byte[] Export(MLContext ml, ITransformer model)
        {
            using var stream = new MemoryStream();
            ml.Model.ConvertAnoOnlyToOnnx(model, stream);
            return stream.ToArray();
        }

        /// <summary>Runs the ONNX model on <paramref name="rows"/> and compares with the managed scores and labels.</summary>
        internal static void AssertSameScores(byte[] onnx, float[][] rows, float[] expected, bool[] labels, float threshold)
        {
            (float[] scores, bool[] predicted) = Run(onnx, rows);
            Assert.That(scores, Has.Length.EqualTo(expected.Length));
            for (int i = 0; i < expected.Length; i++)
            {
                double tolerance = 1e-5 * Math.Max(1, Math.Abs(expected[i]));
                Assert.That(scores[i], Is.EqualTo(expected[i]).Within(tolerance), $"row {i}");
                // A score within rounding of the threshold may land on either side of it.
                if (Math.Abs(expected[i] - threshold) > tolerance)
                    Assert.That(predicted[i], Is.EqualTo(labels[i]), $"row {i}");
            }
        }

        internal static (float[] Scores, bool[] Labels) Run(byte[] onnx, float[][] rows)
        {
            using var session = new InferenceSession(onnx);
            int d = rows[0].Length;
            var input = new DenseTensor<float>(rows.SelectMany(r => r).ToArray(), new[] { rows.Length, d });
            using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("Features", input) });
            float[] scores = results.First(r => r.Name == "Score").AsTensor<float>().ToArray();
            bool[] labels = results.First(r => r.Name == "PredictedLabel").AsTensor<bool>().ToArray();
            return (scores, labels);
        }
    }
}
