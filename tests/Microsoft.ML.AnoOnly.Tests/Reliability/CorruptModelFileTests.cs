using System;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Microsoft.ML.AnoOnly.Persistence;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Reliability
{
    /// <summary>
    /// Damaged model files: <c>mlContext.Model.LoadValidated</c> turns each into one
    /// <see cref="AnoOnlyModelFormatException"/> naming the file, or loads a model that scores exactly like the
    /// original (a damaged byte ML.NET never reads). Rows of docs/reliability.md.
    /// </summary>
    public class CorruptModelFileTests
    {
        private MLContext _ml = null!;
        private AnoOnlyTransformer _model = null!;
        private IDataView _data = null!;
        private float[] _scores = null!;
        private byte[] _bytes = null!;
        private TempFolder _folder = null!;

        public sealed class Row
        {
            [VectorType(4)]
            public float[] Features = Array.Empty<float>();
        }

        public sealed class Scored
        {
            public float Score;
        }

        [OneTimeSetUp]
        public void Train()
        {
            _ml = new MLContext(1);
            var (rows, labels) = Tables.Synthetic(100);
            _data = Tables.Single(_ml, rows, labels);
            _model = _ml.AnomalyDetection.Trainers.AnoOnly(Backbones.Tiny(AnoOnlyBackbone.DevNet)).Fit(_data);
            _scores = Tables.Scores(_model.Transform(_data));
            _folder = new TempFolder();
            _ml.Model.Save(_model, _data.Schema, _folder.File("model.zip"));
            _bytes = File.ReadAllBytes(_folder.File("model.zip"));
        }

        [OneTimeTearDown]
        public void CleanUp() => _folder?.Dispose();

        private string Write(string name, byte[] bytes)
        {
            string path = _folder.File(name);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        private AnoOnlyModelFormatException Refused(string path)
        {
            var e = Assert.Throws<AnoOnlyModelFormatException>(() => _ml.Model.LoadValidated(path, out _))!;
            Assert.That(e.FilePath, Is.EqualTo(Path.GetFullPath(path)));
            Assert.That(e.Message, Does.Contain(Path.GetFullPath(path)));
            TestContext.Out.WriteLine(e.Message);
            return e;
        }

        [Test]
        public void IntactFileLoadsAndScoresIdentically()
        {
            ITransformer loaded = _ml.Model.LoadValidated(_folder.File("model.zip"), out DataViewSchema schema);
            Assert.That(schema.GetColumnOrNull("Features"), Is.Not.Null);
            Assert.That(Tables.Scores(loaded.Transform(_data)), Is.EqualTo(_scores));
        }

        [Test]
        public void AnoOnlyModelInsideALargerPipelineIsFoundAndChecked()
        {
            var pipeline = _ml.Transforms.NormalizeMinMax("Features")
                .Append(_ml.AnomalyDetection.Trainers.AnoOnly(Backbones.Tiny(AnoOnlyBackbone.DevNet)));
            var model = pipeline.Fit(_data);
            string path = _folder.File("pipeline.zip");
            _ml.Model.SaveAtomic(model, _data.Schema, path);
            ITransformer loaded = _ml.Model.LoadValidated(path, out _);
            Assert.That(Tables.Scores(loaded.Transform(_data)), Is.EqualTo(Tables.Scores(model.Transform(_data))));
        }

        [Test]
        public void MissingFileIsFileNotFound()
        {
            var e = Assert.Throws<FileNotFoundException>(() => _ml.Model.LoadValidated(_folder.File("absent.zip"), out _))!;
            Assert.That(e.FileName, Is.EqualTo(_folder.File("absent.zip")));
        }

        [Test]
        public void EmptyFileIsRefused() => Assert.That(Refused(Write("empty.zip", Array.Empty<byte>())).Message, Does.Contain("empty"));

        [Test]
        public void FileThatIsNotAZipIsRefused() => Refused(Write("text.zip", "Features,Label\n0.1,0\n"u8.ToArray()));

        [TestCase(0.25)]
        [TestCase(0.5)]
        [TestCase(0.99)]
        public void TruncatedFileIsRefused(double kept) => Refused(Write($"truncated{kept}.zip", _bytes.AsSpan(0, (int)(_bytes.Length * kept)).ToArray()));

        [Test]
        public void ModelWithoutAnoOnlyIsRefused()
        {
            ITransformer other = _ml.Transforms.NormalizeMinMax("Features").Fit(_data);
            string path = _folder.File("other.zip");
            _ml.Model.Save(other, _data.Schema, path);
            Assert.That(Refused(path).Message, Does.Contain("without an AnoOnly model"));
        }

        /// <summary>One flipped bit at 64 places spread over the file: every load either fails with the typed
        /// exception or gives a model that scores exactly as before; nothing else.</summary>
        [Test]
        public void FlippedBitIsRefusedOrHarmless()
        {
            int refused = 0, harmless = 0;
            for (int i = 0; i < 64; i++)
            {
                int position = (int)((long)i * _bytes.Length / 64);
                byte[] damaged = (byte[])_bytes.Clone();
                damaged[position] ^= 0x10;
                string path = Write($"flip{position}.zip", damaged);
                ITransformer loaded;
                try
                {
                    loaded = _ml.Model.LoadValidated(path, out _);
                }
                catch (AnoOnlyModelFormatException e)
                {
                    Assert.That(e.FilePath, Is.EqualTo(path));
                    refused++;
                    continue;
                }
                Assert.That(Tables.Scores(loaded.Transform(_data)), Is.EqualTo(_scores), $"byte {position} flipped");
                harmless++;
            }
            TestContext.Out.WriteLine($"{refused} refused, {harmless} harmless (bytes ML.NET does not read) of 64 flips");
            Assert.That(refused, Is.GreaterThan(32));
        }

        /// <summary>A model written by a later format version: the version field of the state says one more than
        /// this version reads (the checksum is recomputed, as a newer writer would).</summary>
        [Test]
        public void NewerFormatVersionAsksForAnUpgrade()
        {
            byte[] state = ModelStateCodec.Encode(_model.State);
            BitConverter.TryWriteBytes(state.AsSpan(8, 4), ModelStateCodec.CurrentFormatVersion + 1);
            SHA256.HashData(state.AsSpan(0, state.Length - 32)).CopyTo(state.AsSpan(state.Length - 32));
            ITransformer newer = SavedPipeline.Build(Convert.ToBase64String(state), "Features", _data.Schema);
            string path = _folder.File("v2.zip");
            _ml.Model.Save(newer, _data.Schema, path);

            Assert.That(Refused(path).Message, Does.Contain($"version {ModelStateCodec.CurrentFormatVersion + 1}").And.Contain("Upgrade"));
            // Plain Model.Load defers the check to the first scored row; it still fails with the typed exception.
            ITransformer lazy = _ml.Model.Load(path, out _);
            var engine = _ml.Model.CreatePredictionEngine<Row, Scored>(lazy);
            var e = Assert.Throws<AnoOnlyModelFormatException>(() => engine.Predict(new Row { Features = new float[4] }))!;
            Assert.That(e.Message, Does.Contain($"version {ModelStateCodec.CurrentFormatVersion + 1}"));
        }

        [Test]
        public void DamagedVersionFieldDoesNotClaimANewerVersionOnly()
        {
            byte[] state = ModelStateCodec.Encode(_model.State);
            state[8] = 0x77; // version 119, checksum not recomputed: damage, not a newer writer
            var e = Assert.Throws<AnoOnlyModelFormatException>(() => ModelStateCodec.Decode(state))!;
            Assert.That(e.Message, Does.Contain("corrupted"));
        }
    }
}
