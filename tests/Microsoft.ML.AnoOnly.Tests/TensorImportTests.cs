using System;
using System.Linq;
using Microsoft.ML.AnoOnly.Training;
using NUnit.Framework;
using static TorchSharp.torch;

namespace Microsoft.ML.AnoOnly.Tests
{
    /// <summary>Managed values into tensors (<see cref="TensorImport"/>): every batch and initial weight enters training
    /// this way, so the values, their order and the memory they land in decide what a seed trains.</summary>
    public class TensorImportTests
    {
        [Test]
        public void ValuesKeepTheirRowMajorOrderAndShape()
        {
            float[] values = Enumerable.Range(0, 6).Select(i => i * 1.5f).ToArray();
            using Tensor imported = TensorImport.Values(values, new long[] { 2, 3 }, CPU);
            Assert.That(imported.shape, Is.EqualTo(new long[] { 2, 3 }));
            Assert.That(imported.dtype, Is.EqualTo(ScalarType.Float32));
            Assert.That(imported[1, 0].item<float>(), Is.EqualTo(4.5f));
            Assert.That(imported.data<float>().ToArray(), Is.EqualTo(values));
            using Tensor vector = TensorImport.Vector(values, CPU);
            Assert.That(vector.shape, Is.EqualTo(new long[] { 6 }));
        }

        [Test]
        public void ValuesThatDoNotFillTheShapeAreRefused()
        {
            Assert.Throws<ArgumentException>(() => TensorImport.Values(new float[5], new long[] { 2, 3 }, CPU));
            Assert.Throws<ArgumentException>(() => TensorImport.Values(new float[7], new long[] { 2, 3 }, CPU));
        }

        /// <summary>A copy in libtorch's own memory, 64-byte aligned whatever the managed array's address: MKL's matrix
        /// kernels take alignment-dependent paths, so memory that shares the array's alignment would make a seed's weights
        /// vary from run to run; and a later change to the array must not reach a batch already imported.</summary>
        [Test]
        public void TheTensorOwnsAlignedMemory()
        {
            for (int length = 1; length <= 40; length++)
            {
                var values = new float[length];
                values.AsSpan().Fill(2f);
                using Tensor imported = TensorImport.Vector(values, CPU);
                values[0] = 3f;
                Assert.That(imported[0].item<float>(), Is.EqualTo(2f), "the array's later change reached the tensor");
                Assert.That(Address(imported) % 64, Is.EqualTo(0), $"a tensor of {length} values is not 64-byte aligned");
            }
        }

        private static long Address(Tensor tensor) => (long)tensor.storage<float>().data_ptr();
    }
}
