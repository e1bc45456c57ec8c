/* gf_i18n.c - the translation table and its look-up.
 *
 * To add a string: wrap it in gf_tr(lang, "English") where it is shown and
 * add a line to the table below, in any order (a sorted index is built on
 * the first look-up). A format string keeps its conversions, in the same
 * order; tests/test_i18n.c checks that, and that no English key appears
 * twice. The Korean follows the lesson's own words (seeds/000_*.txt): 활성화
 * 함수, 기울기, 은닉층, 입력층, 출력층, 가중치, 손실, 학습률, 기울기 소실.
 */
#include "gf_i18n.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gf_ids.h"

struct translation {
    const char *en, *ko;
};

static const struct translation table[] = {
    /* the title bar and the column headers (gf_render.c) */
    {"%s · %d hidden × %d · %s · init %s · %s · lr %g · batch %d · seed %llu",
     "%s · 은닉층 %d × %d · %s · 초기화 %s · %s · 학습률 %g · 배치 %d · 시드 %llu"},
    {"step %lld", "스텝 %lld"},
    {"step %lld · paused", "스텝 %lld · 일시 정지"},
    {"step %lld · %.0f steps/s", "스텝 %lld · 초당 %.0f 스텝"},
    {"left · init %s", "왼쪽 · 초기화 %s"},
    {"right · init %s", "오른쪽 · 초기화 %s"},
    {"loss —", "손실 —"},
    {"loss %s", "손실 %s"},
    {"loss %s · accuracy %s", "손실 %s · 정확도 %s"},
    {"◀ keys act here", "◀ 키 입력 대상"},
    {" + residual", " + 잔차 연결"},
    {" + batch norm", " + 배치 정규화"},
    {" + clipping", " + 기울기 클리핑"},
    {" +res", " +잔차 연결"},
    {" +BN", " +배치 정규화"},
    {" +clip", " +클리핑"},
    {"diverged at step %lld", "스텝 %lld에서 발산"},
    {"the initial weights already overflow — press I for another init, R to restart",
     "초기 가중치부터 넘칩니다 — I로 다른 초기화, R로 다시 시작"},
    {"no gradient: every weight gradient is 0", "기울기 없음: 모든 가중치 기울기가 0"},
    {"every unit of layer %d is dead — lower the learning rate (↓) or press I for another init", "%d층의 뉴런이 모두 죽었습니다 — ↓로 학습률을 낮추거나 I로 다른 초기화"},
    {"the output saturated, its loss is flat there — lower the learning rate (↓) or press I for another init",
     "출력이 포화되어 손실이 평평합니다 — ↓로 학습률을 낮추거나 I로 다른 초기화"},
    {"output probability at 0 or 1, where BCELoss clamps its log — lower the learning rate (↓) or another init (I)",
     "출력 확률이 0이나 1이라 BCELoss가 로그를 자름 — ↓로 학습률을 낮추거나 I로 다른 초기화"},
    {"learning rate too high — press ↓ to lower it, R to restart",
     "학습률이 너무 큽니다 — ↓ 키로 낮추거나 R 키로 다시 시작하세요"},

    /* panels */
    {"activation f(x) and slope f′(x)", "활성화 함수 f(x)와 미분값 f′(x)"},
    {"max f′ = %g", "최대 미분값 = %g"},
    {"f′ = %g everywhere", "어디서나 미분값 = %g"},
    {"gradient RMS per layer (log scale)", "층별 기울기 RMS (로그 축)"},
    {"gradient RMS per layer", "층별 기울기 RMS"},
    {"gradient norm ‖dW‖ per layer (log scale)", "층별 기울기 노름 ‖dW‖ (로그 축)"},
    {"gradient norm ‖dW‖ per layer", "층별 기울기 노름 ‖dW‖"},
    {"mean |δ| per layer (log scale)", "층별 평균 |δ| (로그 축)"},
    {"mean |δ| per layer", "층별 평균 |δ|"},
    {"‖δ‖ per layer (log scale)", "층별 ‖δ‖ (로그 축)"},
    {"‖δ‖ per layer", "층별 ‖δ‖"},
    {"proved bound: σ′ ≤ ¼, ‖W‖₂, batch norm's scale, 1 + … per skip — no more can survive",
     "증명된 상한: σ′ ≤ ¼, ‖W‖₂, 배치 정규화의 배율, 잔차 연결마다 1 + … — 이보다 더 남을 수 없음"},
    {"proved bound: σ′ ≤ ¼, ‖W‖₂ and batch norm's scale per layer — no more can survive",
     "증명된 상한: 층마다 σ′ ≤ ¼, ‖W‖₂, 배치 정규화의 배율 — 이보다 더 남을 수 없음"},
    {"proved bound: σ′ ≤ ¼ and ‖W‖₂ per layer, 1 + … per skip — no more can survive",
     "증명된 상한: 층마다 σ′ ≤ ¼과 ‖W‖₂, 잔차 연결마다 1 + … — 이보다 더 남을 수 없음"},
    {"proved bound: σ′ ≤ ¼ × ‖W‖₂ per layer", "증명된 상한: 층마다 σ′ ≤ ¼ × ‖W‖₂"},
    {"proved bound: largest f′ × ‖W‖₂ per layer", "증명된 상한: 층마다 최대 미분값 × ‖W‖₂"},
    {"proved bound: σ′ ≤ ¼ and ‖W‖₂ per layer — no more than this can survive",
     "증명된 상한: 층마다 σ′ ≤ ¼과 ‖W‖₂ — 이보다 더 남을 수 없음"},
    {"proved bound: largest f′, ‖W‖₂, batch norm's scale, 1 + … per skip — no more can survive",
     "증명된 상한: 최대 미분값, ‖W‖₂, 배치 정규화의 배율, 잔차 연결마다 1 + … — 이보다 더 남을 수 없음"},
    {"proved bound: largest f′, ‖W‖₂ and batch norm's scale per layer — no more can survive",
     "증명된 상한: 층마다 최대 미분값, ‖W‖₂, 배치 정규화의 배율 — 이보다 더 남을 수 없음"},
    {"proved bound: largest f′ and ‖W‖₂ per layer, 1 + … per skip — no more can survive",
     "증명된 상한: 층마다 최대 미분값과 ‖W‖₂, 잔차 연결마다 1 + … — 이보다 더 남을 수 없음"},
    {"proved bound: largest f′ and ‖W‖₂ per layer — no more than this can survive",
     "증명된 상한: 층마다 최대 미분값과 ‖W‖₂ — 이보다 더 남을 수 없음"},
    {"%s · ‖g‖ = %s, clipped to %g", "%s · ‖g‖ = %s, %g까지 줄임"},
    {"%s · ‖g‖ = %s, under the clip at %g", "%s · ‖g‖ = %s, 클리핑 기준 %g 이하"},
    {"← input", "← 입력층"},
    {"output →", "출력층 →"},
    {"weight layer", "가중치 층"},
    {"gradient RMS per layer over time", "시간에 따른 층별 기울기 RMS"},
    {"input", "입력층"},
    {"output", "출력층"},
    {"step 0", "스텝 0"},
    {"step", "스텝"},
    {"starts with the first step", "첫 스텝부터 그립니다"},
    {"loss (both runs, log scale)", "손실 (두 신경망, 로그 축)"},
    {"left: %s", "왼쪽: %s"},
    {"right: %s", "오른쪽: %s"},
    {"decision map", "결정 영역"},
    {"fitted curve", "예측 곡선"},

    /* the footer and the help overlay (gf_help.c, gf_render.c) */
    {"1–7 activation · Tab focus · Space pause · R restart · +/− depth · [ ] width · ↑↓ learning rate · "
     "D dataset · T theme · S save PNG · H help · L 한국어",
     "1–7 활성화 함수 · Tab 선택 · Space 일시 정지 · R 재시작 · +/− 깊이 · [ ] 너비 · ↑↓ 학습률 · "
     "D 데이터셋 · T 테마 · S PNG 저장 · H 도움말 · L English"},
    {"Keys — H, F1 or Esc closes this", "키 — H, F1, Esc로 닫습니다"},
    {"activation: linear, sigmoid, tanh, ReLU, leaky ReLU, GELU, SiLU",
     "활성화 함수: 선형, 시그모이드, tanh, ReLU, Leaky ReLU, GELU, SiLU"},
    {"focus the left or right run (or click it)", "왼쪽 / 오른쪽 신경망 선택 (클릭해도 됩니다)"},
    {"pause / resume training", "학습 일시 정지 / 다시 시작"},
    {"one training step (while paused)", "한 스텝 학습 (일시 정지 중)"},
    {"restart both runs: same seed / next seed", "두 신경망 다시 시작: 같은 시드 / 다음 시드"},
    {"hidden layers: more / fewer (1 … 64)", "은닉층: 하나 더 / 하나 덜 (1 … 64)"},
    {"width: halve / double (1 … 256)", "너비: 절반 / 두 배 (1 … 256)"},
    {"learning rate ×2 / ÷2", "학습률 ×2 / ÷2"},
    {"leaky ReLU slope a ÷2 / ×2", "Leaky ReLU의 음수 쪽 미분값 a ÷2 / ×2"},
    {"residual connections / batch norm / gradient clipping (focused run)",
     "잔차 연결 / 배치 정규화 / 기울기 클리핑 (선택한 신경망)"},
    {"bars show: gradient RMS, gradient norm, mean |δ|, ‖δ‖ with its bound", "막대: 기울기 RMS, 기울기 노름, 평균 |δ|, ‖δ‖와 그 상한"},
    {"bars: log / linear scale", "막대: 로그 / 선형 축"},
    {"training speed: slower / faster", "학습 속도: 느리게 / 빠르게"},
    {"theme: dark / light", "테마: 어둡게 / 밝게"},
    {"language: English / 한국어", "언어: English / 한국어"},
    {"save a PNG of the view / in both themes", "화면을 PNG로 저장 / 두 테마로 저장"},
    {"save the view as SVG and PDF", "화면을 SVG와 PDF로 저장"},
    {"record the view as an animated GIF: start / stop", "화면을 움직이는 GIF로 녹화: 시작 / 멈춤"},
    {"save the view as SVG and PDF (not in this build)", "화면을 SVG와 PDF로 저장 (이 빌드에는 없음)"},
    {"record the view as an animated GIF: start / stop (not in this build)",
     "화면을 움직이는 GIF로 녹화: 시작 / 멈춤 (이 빌드에는 없음)"},
    {"save the gradient bars / the curves in both themes, for half a slide",
     "기울기 막대 / 곡선을 두 테마로 저장 (슬라이드 절반 크기)"},
    {"save the history as CSV", "학습 기록을 CSV로 저장"},
    {"export size: 1920×1080, 3840×2160, window / caption on or off",
     "저장 크기: 1920×1080, 3840×2160, 창 / 설명 줄 켜기·끄기"},
    {"lesson mode on / off", "수업 모드 켜기 / 끄기"},
    {"next / previous scene (lesson mode)", "다음 / 이전 장면 (수업 모드)"},
    {"fullscreen", "전체 화면"},
    {"this help", "이 도움말"},
    {"quit", "종료"},

    /* notes in the footer (gf_app.c, gf_window.c) */
    {"out of memory: kept the previous settings", "메모리가 부족합니다: 이전 설정을 유지합니다"},
    {"building the networks: %d hidden × %d …", "신경망을 만드는 중: 은닉층 %d × %d …"},
    {"out of memory for the decision maps", "메모리가 부족해 결정 영역을 그릴 수 없습니다"},
    {"N steps once while paused: press Space first", "N은 일시 정지 중에 한 스텝씩 학습합니다: 먼저 Space를 누르세요"},
    {"hidden layers stay within 1 … %d", "은닉층 수는 1 … %d 범위입니다"},
    {"width stays within 1 … %d", "너비는 1 … %d 범위입니다"},
    {"learning rate stays within 1e-6 … %g", "학습률은 1e-6 … %g 범위입니다"},
    {"the window's size", "창 크기"},
    {"PNG exports at %s", "PNG 저장 크기: %s"},
    {"exported figures carry the settings caption", "저장하는 그림에 설정 설명 줄을 넣습니다"},
    {"exported figures leave out the settings caption", "저장하는 그림에서 설정 설명 줄을 뺍니다"},
    {"saved %s", "저장했습니다: %s"},
    {"saved %s (%d×%d)", "저장했습니다: %s (%d×%d)"},
    {"saved %s (%d×%d: figures go from 320×180 to 8192×8192)",
     "저장했습니다: %s (%d×%d: 그림 크기는 320×180부터 8192×8192까지입니다)"},
    {"could not save the CSV: %s", "CSV를 저장하지 못했습니다: %s"},
    {"could not save the PNG: %s", "PNG를 저장하지 못했습니다: %s"},
    {"saved %s and %s", "저장했습니다: %s, %s"},
    {"saved %s and %s (%d×%d: figures go from 320×180 to 8192×8192)",
     "저장했습니다: %s, %s (%d×%d: 그림 크기는 320×180부터 8192×8192까지입니다)"},
    {"recording %s (%d×%d, %d frames a second) — Ctrl+G stops", "녹화 중: %s (%d×%d, 초당 %d프레임) — Ctrl+G로 멈춤"},
    {"saved %s: %ld frames, %.1f s", "저장했습니다: %s (%ld프레임, %.1f초)"},
    {"could not record the GIF: %s", "GIF를 녹화하지 못했습니다: %s"},
    {"this build has no SVG/PDF export (built without cairo); PNG works",
     "이 빌드에는 SVG/PDF 내보내기가 없습니다 (cairo 없이 빌드됨). PNG는 됩니다"},
    {"this build has no animated GIFs (built without giflib); PNG works",
     "이 빌드에는 움직이는 GIF가 없습니다 (giflib 없이 빌드됨). PNG는 됩니다"},
    {"smoothed: mean of the last %lld steps", "평활: 최근 %lld 스텝의 평균"},
    {"examples: %s · step %lld", "예시: %s · 스텝 %lld"},
    {"%s · figures only, no training shown", "%s · 그림만, 학습은 보이지 않음"},
    {"could not save the figure: %s", "그림을 저장하지 못했습니다: %s"},

    /* settings the lab refuses (gf_lab_config_problem), shown as notes */
    {"unknown dataset", "알 수 없는 데이터셋"},
    {"unknown head", "알 수 없는 출력 헤드"},
    {"unknown init", "알 수 없는 초기화"},
    {"unknown optimizer", "알 수 없는 옵티마이저"},
    {"unknown activation", "알 수 없는 활성화 함수"},
    {"learning rate outside (0, 1000]", "학습률이 (0, 1000] 범위를 벗어났습니다"},
    {"depth outside 1..64", "은닉층 수가 1..64 범위를 벗어났습니다"},
    {"width outside 1..256", "너비가 1..256 범위를 벗어났습니다"},
    {"batch outside 1..512", "배치 크기가 1..512 범위를 벗어났습니다"},
    {"noise above 1", "노이즈가 1보다 큽니다"},
    {"leaky slope outside [0, 1]", "Leaky ReLU의 a가 [0, 1] 범위를 벗어났습니다"},
    {"clipping threshold outside (0, 1e6]", "클리핑 기준이 (0, 1e6] 범위를 벗어났습니다"},
    {"batch normalization needs batches of 2 or more", "배치 정규화에는 배치 크기가 2 이상이어야 합니다"},
    {"bce needs a two-class dataset (xor, circles, moons, spiral)",
     "bce에는 두 클래스 데이터셋이 필요합니다 (xor, circles, moons, spiral)"},
    {"mse needs a regression dataset (sine)", "mse에는 회귀 데이터셋이 필요합니다 (sine)"},
    {"ce-double-softmax needs a classification dataset (not sine)",
     "ce-double-softmax에는 분류 데이터셋이 필요합니다 (sine 제외)"},
    {"ce needs a classification dataset (not sine)", "ce에는 분류 데이터셋이 필요합니다 (sine 제외)"},

    /* the distributions inside the network (gf_panel_curve.c, gf_panel_dist.c, gf_panel_time.c, gf_app.c) */
    {"z of hidden layer %d", "은닉층 %d의 z"},
    {"z of hidden layer %d · J", "은닉층 %d의 z · J"},
    {"distributions per layer over the batch", "배치 전체에 대한 층별 분포"},
    {"distributions per layer over the batch · step %lld", "배치 전체에 대한 층별 분포 · 스텝 %lld"},
    {"no pass measured yet", "아직 측정한 계산이 없습니다"},
    {"activations f(z)", "활성화 값 f(z)"},
    {"back-propagated gradients |δ|", "역전파된 기울기 |δ|"},
    {"weight gradients |dW|", "가중치 기울기 |dW|"},
    {"%s · under each, the share exactly 0", "%s · 아래 숫자는 정확히 0인 비율"},
    {"mean f(z) ± std per hidden layer over steps", "스텝에 따른 은닉층별 f(z)의 평균 ± 표준편차"},
    {"z of hidden layer %d: 15th, 50th, 85th percentiles over steps",
     "스텝에 따른 은닉층 %d의 z: 15·50·85번째 백분위수"},
    {"‖δ‖ per hidden layer over steps (log scale)", "스텝에 따른 은닉층별 ‖δ‖ (로그 축)"},
    {"no training steps yet", "아직 학습한 스텝이 없습니다"},
    {"thick: median · thin: 15th and 85th", "굵은 선: 중앙값 · 가는 선: 15번째와 85번째"},
    {"layer %d", "%d층"},
    {"thin: ± std", "가는 선: ± 표준편차"},
    {"the output layer has no activation: pick a hidden layer", "출력층에는 활성화 함수가 없습니다. 은닉층을 고르세요"},
    {"activation panel: z of hidden layer %d", "활성화 함수 패널: 은닉층 %d의 z"},
    {"this scene shows the distributions; M returns to free play",
     "이 장면은 분포를 보여 줍니다. M 키를 누르면 자유 모드로 돌아갑니다"},
    {"the distributions take the heat map's place: U gives it back",
     "층별 분포가 히트맵 자리를 쓰고 있습니다. U 키를 누르면 되돌아옵니다"},
    {"this scene shows the percentiles; M returns to free play",
     "이 장면은 백분위수를 보여 줍니다. M 키를 누르면 자유 모드로 돌아갑니다"},
    {"distributions per layer in the bars' place, and back (focused run)",
     "막대 자리에 층별 분포를 보이기 / 되돌리기 (선택한 쪽)"},
    {"heat map's place: heat map, activations, percentiles, ‖δ‖ over steps (focused run)",
     "히트맵 자리: 히트맵, 활성화 값, 백분위수, 스텝에 따른 ‖δ‖ (선택한 쪽)"},
    {"hidden layer the activation panel shades: next / previous (or click its bar)",
     "활성화 함수 패널에 보일 은닉층: 다음 / 이전 (또는 그 층의 막대를 클릭)"},

    /* exported figures (gf_export.c) */
    {"%s vs %s · %s · %d hidden × %d · %s · init %s · %s · lr %g · batch %d · step %lld · seed %llu",
     "%s vs %s · %s · 은닉층 %d × %d · %s · 초기화 %s · %s · 학습률 %g · 배치 %d · 스텝 %lld · 시드 %llu"},
    /* lesson mode (gf_scene.c, gf_scene_network.c, gf_app.c) */
    {"PageDown / → next scene · PageUp / ← back · M free play · L 한국어 / English · Space pause · H help",
     "PageDown / → 다음 장면 · PageUp / ← 이전 장면 · M 자유 실습 · L 한국어 / English · Space 일시 정지 · H 도움말"},
    {"three linear functions, with a = 2 and b = 1", "세 가지 선형 함수 (a = 2, b = 1)"},
    {"largest difference from net(x) over the %d points: %s", "데이터 %d개 점에서 net(x)와의 최대 차이: %s"},
    {"%d weight layers, one straight boundary", "가중치 층 %d개, 직선 경계 하나"},
    {"%d weight layers, one straight boundary, outside this map: all of it is one class",
     "가중치 층 %d개, 직선 경계 하나: 이 지도 밖에 있어 지도 전체가 한 클래스입니다"},
    {"%s between the layers", "층 사이의 %s"},
    {"net(x) = W_eff·x + b_eff, batch norm folded in: in evaluation it is affine too",
     "net(x) = W_eff·x + b_eff, 배치 정규화도 포함: 평가할 때는 배치 정규화도 아핀 함수입니다"},
    {"no single W_eff: the boundary can bend around the data", "하나의 W_eff로 합칠 수 없어 경계가 데이터를 따라 휠 수 있습니다"},
    {"per hidden layer · inactive or saturated: f′ under 1/10 of its largest · dead: f′ = 0 on the whole batch",
     "은닉층별 · 비활성 또는 포화: 미분값이 최댓값의 1/10 미만 · 죽은 뉴런: 배치 전체에서 미분값 0"},
    {"inactive", "비활성"},
    {" · fixed", " · 고정"},
    {"layer", "층"},
    {"dead", "죽은 뉴런"},
    {"saturated", "포화"},
    {"… %d more", "… %d개 더"},
    {"a = %g: for x < 0 leaky ReLU outputs a·x, with slope a instead of 0, so its units never die: there it still "
     "passes the gradient back, scaled by a. a is a hyperparameter: a = 1 is the linear function again, and the "
     "smaller a, the closer to ReLU (a = 0). Press < and > to halve or double a.",
     "a = %g: x < 0에서 Leaky ReLU는 a·x를 출력하고 미분값이 0이 아닌 a이므로 뉴런이 죽지 않습니다. 그 구간에서도 "
     "기울기를 a배로 줄여 뒤로 전달합니다. a는 직접 정하는 하이퍼파라미터로, a = 1이면 다시 선형 함수이고 a가 "
     "작을수록 ReLU(a = 0)에 가깝습니다. <와 > 키로 a를 절반 또는 두 배로 바꿉니다."},
    {"σ′ ≤ ¼ everywhere, so even where it is not saturated a plain sigmoid layer passes back at most ¼ × ‖W‖₂ of the "
     "gradient; saturation, from large weights or learning rates, makes f′ smaller still. The columns marked fixed "
     "are a run of their own with fixed settings: the keys do not change it.",
     "어디서나 σ′ ≤ ¼이므로 포화되지 않은 곳에서도 잔차 연결과 배치 정규화가 없는 시그모이드 층은 기울기를 많아야 ¼ × ‖W‖₂배만 뒤로 넘깁니다. "
     "큰 가중치나 학습률로 포화되면 미분값은 더 작아집니다. 고정이라고 표시된 열은 설정이 고정된 별도의 "
     "신경망이라 키로 바뀌지 않습니다."},
    {"one training step", "학습 한 스텝"},
    {"forward pass", "순전파"},
    {"loss", "손실"},
    {"gradient at the output", "출력의 기울기"},
    {"backpropagation", "역전파"},
    {"update", "업데이트"},
    {"%.0f steps a second", "초당 %.0f 스텝"},
    {"from the bars above, live", "위 막대에서 실시간으로"},
    {"%s: the gradient at layer 1 is smaller than at layer %d by a factor of %s. Adam divides each weight's step by "
     "its gradient's running size, so layer 1 still moves: a small gradient, not a small step.",
     "%s: 1층의 기울기는 %d층보다 %s배 작습니다. Adam은 가중치마다 업데이트를 기울기의 이동 평균 크기로 나누므로 "
     "1층도 움직입니다. 작은 것은 기울기이지 업데이트가 아닙니다."},
    {"%s: the gradient at layer 1 is smaller than at layer %d by a factor of %s. With %s a weight's step is "
     "proportional to its gradient, so layer 1's weights move much less per step.",
     "%s: 1층의 기울기는 %d층보다 %s배 작습니다. %s에서는 업데이트가 기울기에 비례하므로 1층의 가중치는 스텝마다 "
     "훨씬 적게 움직입니다."},
    {"%s: the gradient at layer 1 is larger than at layer %d by a factor of %s: here it grows toward the input "
     "instead of vanishing.",
     "%s: 1층의 기울기는 %d층보다 %s배 큽니다. 여기서는 기울기가 사라지지 않고 입력 쪽으로 갈수록 커집니다."},
    {"%s: the gradients at layer 1 and at layer %d are within a factor of %s of each other.",
     "%s: 1층과 %d층의 기울기는 서로 %s배 이내입니다."},
    {"%s: no gradient to compare yet.", "%s: 아직 비교할 기울기가 없습니다."},
    {"%s: layer %d has a gradient but none reaches layer 1: a layer on the way passes none back, so the layers below "
     "it do not learn.",
     "%s: %d층에는 기울기가 있지만 1층까지 오는 기울기는 없습니다. 중간의 한 층이 기울기를 전혀 돌려보내지 않아 그 아래 층들은 학습하지 못합니다."},
    {"%s diverged at step %lld: its numbers are no longer finite, so there is nothing to compare.",
     "%s: 스텝 %lld에서 발산해 값이 유한하지 않으므로 비교할 것이 없습니다."},
    {"%s: every gradient is zero (the output probability reached 0 or 1 where the loss clamps its log, or a "
     "layer's units are all dead): no layer learns.",
     "%s: 모든 기울기가 0입니다(출력 확률이 0이나 1에 닿아 손실 함수가 로그를 잘랐거나, 한 층의 뉴런이 모두 죽음). "
     "어느 층도 학습하지 못합니다."},
    {"estimate, not a bound: mean |f′| ≈ %s × ‖W‖₂ ≈ %s ≈ %s per layer, under 1: a shrink",
     "상한이 아닌 추정치: 층마다 평균 |f′| ≈ %s × ‖W‖₂ ≈ %s ≈ %s, 1보다 작으니 줄어듦"},
    {"estimate, not a bound: mean |f′| ≈ %s × ‖W‖₂ ≈ %s ≈ %s per layer, over 1: a growth",
     "상한이 아닌 추정치: 층마다 평균 |f′| ≈ %s × ‖W‖₂ ≈ %s ≈ %s, 1보다 크니 커짐"},
    {"no per-layer estimate: skips or batch norm multiply in factors it would leave out",
     "층별 추정치 없음: 잔차 연결이나 배치 정규화가 곱하는 인자를 빠뜨리게 되므로"},
    {"task", "해결 문제"},
    {"output activation", "출력층 활성화 함수"},
    {"loss (PyTorch)", "손실 함수 (PyTorch)"},
    {"live example", "실시간 예시"},
    {"%d hidden × %d · %s · lr %g", "은닉층 %d × %d · %s · 학습률 %g"},
    {"binary classification", "이진 분류"},
    {"multi-class classification", "다중 클래스 분류"},
    {"regression", "회귀"},
    {"none", "없음"},
    {"softmax in the network, then again in the loss", "신경망에서 소프트맥스, 손실 함수에서 또 한\u00a0번"},
    {"mean top probability the loss sees: %s — never above e/(e+%d) = %s",
     "손실 함수가 보는 최대 확률의 평균: %s — e/(e+%d) = %s 넘지 못합니다"},
    {"so the loss cannot fall below −ln %.3f = %.3f", "그래서 손실은 −ln %.3f = %.3f 아래로 내려갈 수 없습니다"},
    {"gradient reaching the logits, ‖δ‖ = %s: it fades near the cap, not at certainty",
     "로짓에 닿는 기울기 ‖δ‖ = %s: 확신에 이르기 전에 상한 근처에서 사라집니다"},
    {"gradient reaching the logits, ‖δ‖ = %s: the top probability is still well below the cap",
     "로짓에 닿는 기울기 ‖δ‖ = %s: 최대 확률이 아직 상한보다 한참 아래입니다"},
    {"accuracy %s here, %s with softmax once: neither run has learned yet",
     "정확도: 여기 %s, 소프트맥스 한\u00a0번은 %s. 아직 어느 쪽도 학습하지 못했습니다"},
    {"accuracy %s here, %s with softmax once: the predicted class is not harmed",
     "정확도: 여기 %s, 소프트맥스 한\u00a0번은 %s. 예측한 클래스는 손해를 보지 않습니다"},
    {"accuracy %s here, %s with softmax once: the double softmax costs accuracy",
     "정확도: 여기 %s, 소프트맥스 한\u00a0번은 %s. 소프트맥스를 두 번 쓰면 정확도를 잃습니다"},
    {"gradient reaching the logits, ‖δ‖ = %s", "로짓에 닿는 기울기 ‖δ‖ = %s"},
    {"sigmoid, applied by the loss", "시그모이드 (손실 함수 안에서 적용)"},
    {"softmax, applied by the loss", "소프트맥스 (손실 함수 안에서 적용)"},
    {"nn.BCELoss() on the sigmoid, each log clamped at −100 (in practice: nn.BCEWithLogitsLoss() on the logits)",
     "시그모이드에 nn.BCELoss(), 각 로그는 −100에서 자름 (실제로는 로짓에 nn.BCEWithLogitsLoss())"},
    {"nn.CrossEntropyLoss() on the logits (the softmax is inside)",
     "로짓에 nn.CrossEntropyLoss() (소프트맥스가 들어 있음)"},
    {"logits straight into the loss: softmax once", "로짓을 그대로 손실 함수에: 소프트맥스 한\u00a0번"},
    {"mean top probability the loss sees: %s", "손실 함수가 보는 최대 확률의 평균: %s"},
    {"weights: blue +, orange − · nodes: gradient |δ|", "가중치: 파랑 +, 주황 − · 노드: 기울기 |δ|"},
    {"hidden layers", "은닉층"},
    {" + softmax twice", " + 소프트맥스 두 번"},
    {" +2×softmax", " +소프트맥스×2"},
    {"this is the first scene", "첫 장면입니다"},
    {"this is the last scene — M returns to free play", "마지막 장면입니다 — M 키로 자유 실습으로 돌아갑니다"},
    {"free play, with the scene's settings — M returns to the lesson",
     "자유 실습: 장면의 설정 그대로 — M 키로 수업으로 돌아갑니다"},
    {"softmax twice needs the ce head (a multi-class dataset: spiral3, blobs)",
     "소프트맥스 두 번은 ce 손실에서만 됩니다 (다중 클래스 데이터셋: spiral3, blobs)"},
    {"out of memory for the scene's examples", "메모리가 부족해 장면의 예시를 만들지 못했습니다"},
    {"%s — kept the built-in lesson", "%s — 내장 수업을 그대로 씁니다"},
    /* the presenter's keys, the prompt, the text size and the help overlay's values (gf_app.c, gf_actions.c) */
    {"%g steps/s", "초당 %g 스텝"},
    {"Esc does not quit: press Q to quit", "Esc 키로는 끝나지 않습니다: 끝내려면 Q"},
    {"flags as on the command line · Enter applies · Esc closes · ↑ ↓ earlier lines", "명령줄과 같은 플래그 · Enter 적용 · Esc 닫기 · ↑ ↓ 이전 입력"},
    {"free play", "자유 실습"},
    {"leaky slope stays within 1/1024 … 1 (press 4 for ReLU, a = 0)", "leaky ReLU의 미분값 a는 1/1024 … 1 범위입니다 (a = 0인 ReLU는 4)"},
    {"left %s · right %s", "왼쪽 %s · 오른쪽 %s"},
    {"no run is leaky ReLU, so the slope a changes nothing (5 makes one leaky)", "leaky ReLU인 신경망이 없어 미분값 a는 아무것도 바꾸지 않습니다 (5 키로 leaky ReLU)"},
    {"nothing changed: the runs go on", "바뀐 것이 없어 학습을 계속합니다"},
    {"one panel zoomed — double-click, V or Esc returns", "패널 하나를 확대했습니다 — 더블 클릭, V 또는 Esc로 돌아갑니다"},
    {"press Q again to quit", "끝내려면 Q를 한 번 더 누르세요"},
    {"scene %d of %d", "장면 %d / %d"},
    {"seed %llu", "시드 %llu"},
    {"text size stays within %g … %g", "글자 크기는 %g … %g 범위입니다"},
    {"text size ×%g", "글자 크기 ×%g"},
    {"the left run is %s already: nothing restarted", "왼쪽 신경망은 이미 %s입니다: 다시 시작하지 않았습니다"},
    {"the right run is %s already: nothing restarted", "오른쪽 신경망은 이미 %s입니다: 다시 시작하지 않았습니다"},
    {"focused run's activation: linear, sigmoid, tanh, ReLU, leaky ReLU, GELU, SiLU", "선택한 신경망의 활성화 함수: 선형, 시그모이드, tanh, ReLU, leaky ReLU, GELU, SiLU"},
    {"leaky ReLU slope a ÷2 / ×2 (. blanks the screen in lesson mode)", "leaky ReLU의 미분값 a ÷2 / ×2 (수업 모드에서 .은 화면 가리기)"},
    {"leaky ReLU slope a ÷2 / ×2, in every mode", "leaky ReLU의 미분값 a ÷2 / ×2, 모든 모드에서"},
    {"dataset: next / previous", "데이터셋: 다음 / 이전"},
    {"initialisation: next / previous", "초기화: 다음 / 이전"},
    {"optimizer: next / previous", "옵티마이저: 다음 / 이전"},
    {"batch norm of the focused run, in every mode", "선택한 신경망의 배치 정규화, 모든 모드에서"},
    {"text size: larger / smaller (0.75 … 2)", "글자 크기: 크게 / 작게 (0.75 … 2)"},
    {"zoom the focused run's bars (or a clicked panel) to the window, and back", "선택한 신경망의 막대(또는 클릭한 패널)를 창 전체로 확대, 다시 원래대로"},
    {"type flags: --depth 20 --leaky-alpha 0.2 (Esc closes, ↑ ↓ earlier lines)", "플래그 입력: --depth 20 --leaky-alpha 0.2 (Esc 닫기, ↑ ↓ 이전 입력)"},
    {"lesson from scene 1 / from the current scene, fullscreen", "수업을 장면 1부터 / 현재 장면부터, 전체 화면으로"},
    {"blank the screen; any key brings it back", "화면 가리기; 아무 키나 누르면 돌아옵니다"},
    {"close prompt or help, else unzoom, leave fullscreen, leave lessons; never quits", "입력줄·도움말 닫기, 아니면 확대·전체 화면·수업 모드 해제; 끝내지 않음"},
    {"quit (in lesson mode or fullscreen: press Q again)", "끝내기 (수업 모드나 전체 화면에서는 Q를 한 번 더)"},
    {"1–7 activation · Tab focus · Space pause · R restart · +/− depth · [ ] width · ↑↓ learning rate · D dataset · Enter type flags · H help · Q quit", "1–7 활성화 함수 · Tab 선택 · Space 일시 정지 · R 다시 시작 · +/− 깊이 · [ ] 너비 · ↑↓ 학습률 · D 데이터셋 · Enter 플래그 입력 · H 도움말 · Q 끝내기"},
    {"caption on", "설명 줄 표시"},
    {"caption off", "설명 줄 없음"},
    {"panels zoom in free play (M)", "패널 확대는 자유 실습에서 (M)"},
    {"or double-click", "또는 더블 클릭"},
    {"in lesson mode", "(수업 모드에서)"},
};

#define TABLE_SIZE ((int)(sizeof table / sizeof table[0]))

static int sorted[TABLE_SIZE];   /* indices into table, by English text */
static bool sorted_ready;
static long misses;
static const char *last_miss = "";

const char *gf_lang_id(enum gf_lang lang)
{
    return lang == GF_LANG_KO ? "ko" : "en";
}

static const char *lang_id(int l)
{
    return gf_lang_id((enum gf_lang)l);
}

bool gf_lang_from_id(const char *id, enum gf_lang *out)
{
    int l;
    if (!gf_ids_find(id, lang_id, GF_LANG_COUNT, &l))
        return false;
    *out = (enum gf_lang)l;
    return true;
}

static int by_english(const void *a, const void *b)
{
    return strcmp(table[*(const int *)a].en, table[*(const int *)b].en);
}

static int find_english(const void *key, const void *entry)
{
    return strcmp((const char *)key, table[*(const int *)entry].en);
}

const char *gf_tr(enum gf_lang lang, const char *english)
{
    if (lang == GF_LANG_EN)
        return english;
    if (!sorted_ready) {
        for (int i = 0; i < TABLE_SIZE; i++)
            sorted[i] = i;
        qsort(sorted, TABLE_SIZE, sizeof sorted[0], by_english);
        sorted_ready = true;
    }
    const int *hit = bsearch(english, sorted, TABLE_SIZE, sizeof sorted[0], find_english);
    if (hit)
        return table[*hit].ko;
    misses++;
    last_miss = english;
    return english;
}

const char *gf_ko_particle(const char *word, const char *after_consonant, const char *after_vowel)
{
    size_t n = strlen(word);
    while (n > 0 && word[n - 1] == ' ')
        n--;
    if (n == 0)
        return after_consonant;
    unsigned char c = (unsigned char)word[n - 1];
    if (c >= '0' && c <= '9') {
        /* 영 일 이 삼 사 오 육 칠 팔 구; 십, 백, 천, 만 all end in a consonant, so 0 does too */
        static const bool consonant[10] = {true, true, false, true, false, false, true, true, true, false};
        return consonant[c - '0'] ? after_consonant : after_vowel;
    }
    if (c == '%')
        return after_vowel;   /* 퍼센트 */
    if (n >= 3 && ((unsigned char)word[n - 3] & 0xF0) == 0xE0) {   /* a three-byte character: Hangul? */
        unsigned cp = ((unsigned)word[n - 3] & 0x0Fu) << 12 | ((unsigned)word[n - 2] & 0x3Fu) << 6 |
                      ((unsigned)word[n - 1] & 0x3Fu);
        if (cp >= 0xAC00 && cp <= 0xD7A3)
            return (cp - 0xAC00) % 28 != 0 ? after_consonant : after_vowel;
    }
    return after_consonant;
}

void gf_with_particle(char *buf, size_t n, enum gf_lang lang, const char *word, const char *after_consonant,
                      const char *after_vowel)
{
    snprintf(buf, n, "%s%s", word, lang == GF_LANG_KO ? gf_ko_particle(word, after_consonant, after_vowel) : "");
}

long gf_tr_misses(void)
{
    return misses;
}

const char *gf_tr_last_miss(void)
{
    return last_miss;
}

int gf_tr_count(void)
{
    return TABLE_SIZE;
}

void gf_tr_entry(int i, const char **english, const char **korean)
{
    *english = table[i].en;
    *korean = table[i].ko;
}
