#!/usr/bin/env bash
# Every check and measurement that needs an NVIDIA GPU, in one run:
#
#     OUT=/a/folder bash benchmarks/on_gpu.sh
#
# For a machine whose Python has a CUDA build of torch, Triton, NumPy,
# Matplotlib and pytest and nothing else (nothing can be installed there).
# Run from the repository root. Writes into $OUT, each file as soon as its
# step ends, so a run stopped early still leaves what it finished:
#
#   facts.txt         the GPU and its driver, Python, torch, Triton, the tools found
#   course-tests.txt  the course's GPU tests: every fast variant and Triton kernel
#                     against nn.LSTM and cuDNN, and the report of the figures
#   grader-gpu.txt    the grader's GPU path: the copies of torch's libraries without
#                     their recurrent kernels (libtorch_cuda.so's too), CUDA starting
#                     in a jail under its memory limit, exercise 06 graded on the GPU
#   cuda.json         benchmarks/lstm_speed.py --device cuda (commit it as
#                     book/data/benchmarks/cuda.json), with its log lstm_speed.txt
#
# The grader needs packages the machine lacks: `make gpu-wheels` here puts
# their wheels in .gpu-wheels/, which must travel with the working tree; the
# script unpacks them into a virtual environment of its own that sees the
# machine's torch. Without them, or without bwrap, that step is skipped and
# grader-gpu.txt says why.
#
# Correctness comes first: the tests and the grader's checks run side by side,
# then the timing runs alone on the GPU. Each step has a time limit (seconds,
# overridable): TESTS_S, GRADER_S, SPEED_S; BUDGET is lstm_speed.py's timing budget.
set -u
OUT=${OUT:?set OUT to the folder for the results}
PY=${PYTHON:-python3}
TESTS_S=${TESTS_S:-240}
GRADER_S=${GRADER_S:-240}
SPEED_S=${SPEED_S:-300}
BUDGET=${BUDGET:-120}
mkdir -p "$OUT"
export PYTHONDONTWRITEBYTECODE=1

{
  date -u +%Y-%m-%dT%H:%M:%SZ
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv 2>&1
  "$PY" -c 'import sys, torch, triton, numpy
print("python", sys.version.split()[0], "torch", torch.__version__, "cuda", torch.version.cuda,
      "cudnn", torch.backends.cudnn.version(), "triton", triton.__version__, "numpy", numpy.__version__)
print("cuda available:", torch.cuda.is_available(), [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())])' 2>&1
  echo "uid $(id -u); cores $(nproc)"
  for tool in bwrap setpriv unshare nm; do echo "$tool: $(command -v $tool || echo missing)"; done
  echo "wheels for the grader: $(ls .gpu-wheels/*.whl 2>/dev/null | wc -l)"
} > "$OUT/facts.txt" 2>&1

course_tests() {
  timeout "$TESTS_S" "$PY" -m pytest -q -p no:cacheprovider -rs \
    tests/course/test_fast_lstm.py tests/course/test_triton_kernels.py \
    tests/course/test_fast_lstm_report.py tests/solutions/test_torch_lstm.py
  echo "exit status $?"
}

grader_gpu() {
  if ! ls .gpu-wheels/*.whl > /dev/null 2>&1; then
    echo "skipped: no .gpu-wheels/ (run make gpu-wheels and carry .gpu-wheels)"; return
  fi
  if ! command -v bwrap > /dev/null; then echo "skipped: no bwrap on this machine"; return; fi
  local venv
  venv=$(mktemp -d /tmp/grader-venv.XXXXXX)
  chmod 755 "$venv"                 # the jail's own user runs its Python
  # a virtual environment that sees the machine's torch; the wheels are
  # unpacked into it (a wheel is a zip of its files; no pip needed)
  "$PY" -m venv --system-site-packages --without-pip "$venv" || { echo "no venv: exit $?"; return; }
  "$venv/bin/python" - .gpu-wheels <<'EOF' || { echo "unpacking the wheels failed"; return; }
import pathlib, sys, sysconfig, zipfile
site = sysconfig.get_paths()["purelib"]
for wheel in sorted(pathlib.Path(sys.argv[1]).glob("*.whl")):
    zipfile.ZipFile(wheel).extractall(site)
EOF
  timeout "$GRADER_S" "$venv/bin/python" -m pytest -q -p no:cacheprovider -rs \
    tests/autograder/test_torch_without_recurrent.py tests/autograder/test_jail.py \
    -k "torch_without_recurrent or cuda_starts_in_a_gpu_jail or gpu_it_was_given or describe_says or ex06"
  echo "exit status $?"
}

course_tests > "$OUT/course-tests.txt" 2>&1 &
tests=$!
grader_gpu > "$OUT/grader-gpu.txt" 2>&1
wait "$tests"

timeout "$SPEED_S" "$PY" benchmarks/lstm_speed.py --device cuda --budget "$BUDGET" \
  --output "$OUT/cuda.json" > "$OUT/lstm_speed.txt" 2>&1
echo "exit status $?" >> "$OUT/lstm_speed.txt"
tail -n 3 "$OUT"/course-tests.txt "$OUT"/grader-gpu.txt "$OUT"/lstm_speed.txt
