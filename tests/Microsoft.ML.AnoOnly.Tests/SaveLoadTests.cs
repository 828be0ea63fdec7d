using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests
{
    /// <summary>The save format: round trips, other processes, versions and damage.</summary>
    public class SaveLoadTests
    {
        private string _dir = "";

        [SetUp]
        public void CreateDirectory() => Directory.CreateDirectory(_dir = Path.Combine(Path.GetTempPath(), "anoonly-tests-" + Guid.NewGuid().ToString("N")));

        [TearDown]
        public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

        private static (MLContext Ml, ITransformer Model, IDataView Train, IDataView Test, float[][] TestRows) TrainPipeline()
        {
            var ml = new MLContext(seed: 1);
            var (train, test, split) = TestData.SyntheticSplit(ml);
            var pipeline = ml.Transforms.NormalizeMinMax("Features", fixZero: false)
                .Append(ml.AnomalyDetection.Trainers.AnoOnly(TrainerTests.SmallOptions()));
            return (ml, pipeline.Fit(train), train, test, split.Test.Features);
        }

        [Test]
        public void SaveAndLoadGiveBitIdenticalScores()
        {
            var (ml, model, train, test, _) = TrainPipeline();
            string path = Path.Combine(_dir, "model.zip");
            ml.Model.Save(model, train.Schema, path);
            ITransformer loaded = new MLContext().Model.Load(path, out DataViewSchema inputSchema);

            Assert.That(inputSchema["Features"].Type, Is.EqualTo(train.Schema["Features"].Type));
            float[] before = model.Transform(test).GetColumn<float>("Score").ToArray();
            IDataView loadedScored = loaded.Transform(test);
            Assert.That(loadedScored.GetColumn<float>("Score").ToArray(), Is.EqualTo(before));
            Assert.That(loadedScored.GetColumn<bool>("PredictedLabel").ToArray(),
                Is.EqualTo(model.Transform(test).GetColumn<bool>("PredictedLabel").ToArray()));
            Assert.That(loadedScored.Schema.Select(c => c.Name).Where(n => n.StartsWith("AnoOnly.")), Is.Empty, "internal columns are dropped");
            Assert.That(loadedScored.Schema.Select(c => (c.Name, c.Type, c.IsHidden)),
                Is.EqualTo(model.Transform(test).Schema.Select(c => (c.Name, c.Type, c.IsHidden))),
                "the trained model's direct scoring view and the saved chain have the same schema");
        }

        [Test]
        public void AnotherProcessLoadsWithoutRegistrationScoresIdenticallyAndNeverLoadsLibtorch()
        {
            var (ml, model, train, test, rows) = TrainPipeline();
            string modelPath = Path.Combine(_dir, "model.zip");
            string rowsPath = Path.Combine(_dir, "rows.csv");
            ml.Model.Save(model, train.Schema, modelPath);
            File.WriteAllLines(rowsPath, rows.Select(r => string.Join(",", r.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));

            string[] output = RunProbe(modelPath, rowsPath);

            var scored = model.Transform(test);
            float[] expected = scored.GetColumn<float>("Score").ToArray();
            bool[] expectedLabels = scored.GetColumn<bool>("PredictedLabel").ToArray();
            Assert.That(output.Length, Is.EqualTo(expected.Length + 1));
            for (int i = 0; i < expected.Length; i++)
            {
                string[] parts = output[i].Split(' ');
                Assert.That(float.Parse(parts[0], CultureInfo.InvariantCulture), Is.EqualTo(expected[i]), $"row {i}");
                Assert.That(bool.Parse(parts[1]), Is.EqualTo(expectedLabels[i]), $"row {i}");
            }
            Assert.That(output[^1], Is.EqualTo("libtorch-loaded no"));
        }

        [Test]
        public void ThresholdIsSavedWithTheModel()
        {
            var ml = new MLContext(seed: 1);
            var (train, test, _) = TestData.SyntheticSplit(ml);
            AnoOnlyTransformer model = ml.AnomalyDetection.Trainers.AnoOnly(TrainerTests.SmallOptions()).Fit(train).WithThreshold(-1e9f);
            string path = Path.Combine(_dir, "model.zip");
            ml.Model.Save(model, train.Schema, path);
            bool[] predicted = ml.Model.Load(path, out _).Transform(test).GetColumn<bool>("PredictedLabel").ToArray();
            Assert.That(predicted, Is.All.True);
        }

        [Test]
        public void ModelStateRoundTripsAndRejectsDamage()
        {
            var ml = new MLContext(seed: 1);
            var (train, _, _) = TestData.SyntheticSplit(ml);
            ModelState state = ml.AnomalyDetection.Trainers.AnoOnly(TrainerTests.SmallOptions()).Fit(train).State;
            byte[] bytes = ModelStateCodec.Encode(state);

            ModelState decoded = ModelStateCodec.Decode(bytes);
            Assert.That(decoded.Threshold, Is.EqualTo(state.Threshold));
            Assert.That(decoded.Members[0].Tensors.Keys, Is.EquivalentTo(state.Members[0].Tensors.Keys));
            Assert.That(decoded.NormalReference, Is.EqualTo(state.NormalReference));
            foreach (var entry in state.Members[0].Tensors)
                Assert.That(decoded.Members[0].Tensors[entry.Key].Data, Is.EqualTo(entry.Value.Data));

            byte[] flipped = (byte[])bytes.Clone();
            flipped[bytes.Length / 2] ^= 0x10;
            Assert.That(() => ModelStateCodec.Decode(flipped), Throws.TypeOf<AnoOnlyModelFormatException>().With.Message.Contains("corrupted"));
            Assert.That(() => ModelStateCodec.Decode(bytes.Take(bytes.Length - 40).ToArray()),
                Throws.TypeOf<AnoOnlyModelFormatException>().With.Message.Contains("truncated"));
            Assert.That(() => ModelStateCodec.Decode(bytes.Take(10).ToArray()),
                Throws.TypeOf<AnoOnlyModelFormatException>().With.Message.Contains("truncated"));

            byte[] newer = (byte[])bytes.Clone();
            BitConverter.GetBytes(ModelStateCodec.CurrentFormatVersion + 1).CopyTo(newer, 8);
            Assert.That(() => ModelStateCodec.Decode(newer),
                Throws.TypeOf<AnoOnlyModelFormatException>().With.Message.Contains("newer").Or.Message.Contains("version 2"));
        }

        [Test]
        public void ModelZipWithNewerFormatVersionFailsWithAClearMessage()
        {
            var ml = new MLContext(seed: 1);
            var (train, test, _) = TestData.SyntheticSplit(ml);
            AnoOnlyTransformer model = ml.AnomalyDetection.Trainers.AnoOnly(TrainerTests.SmallOptions()).Fit(train);
            string path = Path.Combine(_dir, "model.zip");
            ml.Model.Save(WithStateVersion(model, ModelStateCodec.CurrentFormatVersion + 1, train.Schema), train.Schema, path);

            var e = Assert.Catch(() => ml.Model.Load(path, out _).Transform(test).GetColumn<float>("Score").ToArray());
            Assert.That(Innermost(e!), Is.TypeOf<AnoOnlyModelFormatException>());
            Assert.That(Innermost(e!).Message, Does.Contain("newer").And.Contain("Upgrade"));
        }

        /// <summary>The model's saved chain with its state's version field set to <paramref name="version"/> (checksum kept
        /// valid): what a model saved by a future version of the library looks like.</summary>
        internal static ITransformer WithStateVersion(AnoOnlyTransformer model, int version, DataViewSchema schema)
        {
            byte[] state = ModelStateCodec.Encode(model.State);
            BitConverter.GetBytes(version).CopyTo(state, 8);
            byte[] body = state.Take(state.Length - 32).ToArray();
            byte[] rewritten = body.Concat(System.Security.Cryptography.SHA256.HashData(body)).ToArray();
            return SavedPipeline.Build(Convert.ToBase64String(rewritten), model.FeatureColumnName, schema);
        }

        internal static Exception Innermost(Exception e)
        {
            while (e.InnerException != null && e is not AnoOnlyModelFormatException)
                e = e.InnerException;
            return e;
        }

        private static string[] RunProbe(string modelPath, string rowsPath)
        {
            // The probe is built next to this project (see the ProjectReference in the test project).
            string configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            string probe = Path.Combine(TestData.RepoRoot, "tests", "Microsoft.ML.AnoOnly.ScoringProbe", "bin", configuration, "net10.0",
                "Microsoft.ML.AnoOnly.ScoringProbe.dll");
            Assert.That(File.Exists(probe), probe);
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string arg in new[] { probe, modelPath, rowsPath })
                start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            string stdout = process.StandardOutput.ReadToEnd();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.That(process.ExitCode, Is.EqualTo(0), stderr);
            return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        }
    }
}
