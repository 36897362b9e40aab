# The CUDA trainer image: shears:latest plus a CUDA build of libtorch 2.7.1, which DJL loads instead of the CPU
# natives bundled in the jars (the bundled pytorch-jni 2.7.1 matches it). Maven Central has no CUDA natives for
# PyTorch 2.7.1 and no registry is needed: put the libtorch directory in the build context first, e.g. the
# torch/lib directory of a CUDA torch==2.7.1 wheel (cu128), then
#   mkdir -p compose/cuda && cp -r /path/to/site-packages/torch/lib compose/cuda/libtorch
#   docker build --build-arg BASE=shears:latest -t shears:cuda -f compose/cuda.Dockerfile compose/cuda
# The host needs an NVIDIA driver and the NVIDIA Container Toolkit; the driver's libcuda is mounted at run time.
ARG BASE=shears:latest
FROM ${BASE}
COPY libtorch/ /opt/libtorch/lib/
ENV PYTORCH_LIBRARY_PATH=/opt/libtorch/lib PYTORCH_VERSION=2.7.1 PYTORCH_FLAVOR=cu128 \
    LD_LIBRARY_PATH=/opt/libtorch/lib NVIDIA_VISIBLE_DEVICES=all NVIDIA_DRIVER_CAPABILITIES=compute,utility
