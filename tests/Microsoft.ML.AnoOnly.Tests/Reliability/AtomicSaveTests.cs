using System;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.ML.Data;
using NUnit.Framework;

namespace Microsoft.ML.AnoOnly.Tests.Reliability
{
    /// <summary>
    /// <c>mlContext.Model.SaveAtomic</c>: replacing a model file never loses the old model, whether saving
    /// succeeds, fails or is cancelled half-way, and leaves no temporary file behind.
    /// </summary>
    public class AtomicSaveTests
    {
        private MLContext _ml = null!;
        private IDataView _data = null!;
        private AnoOnlyTransformer _old = null!;
        private AnoOnlyTransformer _new = null!;

        [OneTimeSetUp]
        public void Train()
        {
            _ml = new MLContext(1);
            var (rows, labels) = Tables.Synthetic(100);
            _data = Tables.Single(_ml, rows, labels);
            _old = _ml.AnomalyDetection.Trainers.AnoOnly(Backbones.Tiny(AnoOnlyBackbone.DevNet, seed: 1)).Fit(_data);
            _new = _ml.AnomalyDetection.Trainers.AnoOnly(Backbones.Tiny(AnoOnlyBackbone.DevNet, seed: 2)).Fit(_data);
        }

        /// <summary>Saves like the wrapped model, but runs <paramref name="midway"/> after the wrapped model has
        /// written its part: a failure or cancellation in the middle of a save.</summary>
        private sealed class InterruptedSave : ITransformer
        {
            private readonly ITransformer _inner;
            private readonly Action _midway;

            public InterruptedSave(ITransformer inner, Action midway)
            {
                _inner = inner;
                _midway = midway;
            }

            public bool IsRowToRowMapper => _inner.IsRowToRowMapper;
            public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => _inner.GetOutputSchema(inputSchema);
            public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => _inner.GetRowToRowMapper(inputSchema);
            public IDataView Transform(IDataView input) => _inner.Transform(input);

            public void Save(ModelSaveContext ctx)
            {
                _inner.Save(ctx);
                _midway();
                _inner.Save(ctx); // more writes after the midway point
            }
        }

        private float[] ScoresOf(string path) => Tables.Scores(_ml.Model.LoadValidated(path, out _).Transform(_data));

        [Test]
        public void SavingOverAnExistingFileReplacesItWhole()
        {
            using var folder = new TempFolder();
            string path = folder.File("model.zip");
            _ml.Model.SaveAtomic(_old, _data.Schema, path);
            _ml.Model.SaveAtomic(_new, _data.Schema, path);
            Assert.That(ScoresOf(path), Is.EqualTo(Tables.Scores(_new.Transform(_data))));
            Assert.That(folder.Entries(), Is.EqualTo(new[] { "model.zip" }));
        }

        [Test]
        public void FailureMidSaveLeavesTheOldFileIntact()
        {
            using var folder = new TempFolder();
            string path = folder.File("model.zip");
            _ml.Model.SaveAtomic(_old, _data.Schema, path);
            byte[] before = File.ReadAllBytes(path);

            var failing = new InterruptedSave(_new, () => throw new IOException("simulated: the disk is full"));
            var e = Assert.Catch(() => _ml.Model.SaveAtomic(failing, _data.Schema, path))!;
            Assert.That(e.ToString(), Does.Contain("simulated: the disk is full"));

            Assert.That(File.ReadAllBytes(path), Is.EqualTo(before));
            Assert.That(folder.Entries(), Is.EqualTo(new[] { "model.zip" }), "no temporary file left");
            Assert.That(ScoresOf(path), Is.EqualTo(Tables.Scores(_old.Transform(_data))));
        }

        [Test]
        public void CancellationMidSaveLeavesTheOldFileIntact()
        {
            using var folder = new TempFolder();
            string path = folder.File("model.zip");
            _ml.Model.SaveAtomic(_old, _data.Schema, path);
            byte[] before = File.ReadAllBytes(path);

            using var cancellation = new CancellationTokenSource();
            var cancelled = new InterruptedSave(_new, cancellation.Cancel);
            Assert.Catch<OperationCanceledException>(() => _ml.Model.SaveAtomic(cancelled, _data.Schema, path, cancellation.Token));

            Assert.That(File.ReadAllBytes(path), Is.EqualTo(before));
            Assert.That(folder.Entries(), Is.EqualTo(new[] { "model.zip" }), "no temporary file left");
        }

        [Test]
        public void CancelledBeforeStartWritesNothing()
        {
            using var folder = new TempFolder();
            using var cancellation = new CancellationTokenSource();
            cancellation.Cancel();
            Assert.Catch<OperationCanceledException>(() => _ml.Model.SaveAtomic(_new, _data.Schema, folder.File("model.zip"), cancellation.Token));
            Assert.That(folder.Entries(), Is.Empty);
        }

        /// <summary>Why SaveAtomic exists: ML.NET's own Save truncates the target first, so the same failure
        /// destroys the model that was there.</summary>
        [Test]
        public void PlainModelSaveLosesTheOldFileOnTheSameFailure()
        {
            using var folder = new TempFolder();
            string path = folder.File("model.zip");
            _ml.Model.Save(_old, _data.Schema, path);
            byte[] before = File.ReadAllBytes(path);
            var failing = new InterruptedSave(_new, () => throw new IOException("simulated: the disk is full"));
            Assert.Catch(() => _ml.Model.Save(failing, _data.Schema, path));
            Assert.That(File.ReadAllBytes(path), Is.Not.EqualTo(before));
            Assert.Catch(() => _ml.Model.LoadValidated(path, out _));
        }

        [Test]
        public void FolderAsTargetIsRefused()
        {
            using var folder = new TempFolder();
            Assert.Throws<ArgumentException>(() => _ml.Model.SaveAtomic(_new, _data.Schema, folder.Path));
        }
    }
}
