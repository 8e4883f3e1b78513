/** About fifty realistic resources across the pilot schools' levels, subjects and grades. */
import type { Audience, SharingScope } from '../domain/resource.js';

export type DemoFile = 'pdf' | 'video' | 'audio' | 'image' | 'simulation';

export interface DemoResource {
  school: string;
  title: string;
  type: string;
  subject: string;
  grades: number[];
  series: string | null;
  lesson: string | null;
  description: string;
  keywords: string[];
  creators: string[];
  audience: Audience[];
  scope: SharingScope;
  status: 'draft' | 'submitted' | 'published';
  licence: string;
  file: DemoFile | null;
}

const r = (
  school: string,
  title: string,
  type: string,
  subject: string,
  grades: number[],
  file: DemoFile | null,
  more: Partial<Omit<DemoResource, 'school' | 'title' | 'type' | 'subject' | 'grades' | 'file'>> = {},
): DemoResource => ({
  school,
  title,
  type,
  subject,
  grades,
  file,
  series: 'ket-noi',
  lesson: null,
  description: '',
  keywords: [],
  creators: [],
  audience: ['teacher', 'student'],
  scope: 'public',
  status: 'published',
  licence: 'cc-by-sa',
  ...more,
});

export const demoResources: DemoResource[] = [
  // Trường Tiểu học Võ Thị Sáu
  r('TH-VTS', 'Tiếng Việt 1 – Bài 1: A a', 'bai-giang', 'tieng-viet', [1], 'pdf', {
    lesson: 'Bài 1: A a',
    description: 'Bài giảng điện tử làm quen chữ a, tập đọc và tập viết cho học sinh lớp 1.',
    keywords: ['học vần', 'chữ cái', 'tập đọc'],
    creators: ['Nguyễn Thị Hoa'],
  }),
  r('TH-VTS', 'Toán 2 – Phép cộng có nhớ trong phạm vi 100', 'bai-giang', 'toan', [2], 'pdf', {
    lesson: 'Phép cộng có nhớ',
    description: 'Hướng dẫn đặt tính và thực hiện phép cộng có nhớ, kèm bài tập luyện tập.',
    keywords: ['phép cộng', 'đặt tính', 'có nhớ'],
    creators: ['Trần Văn Bình'],
  }),
  r('TH-VTS', 'Bài hát: Em yêu trường em', 'am-thanh', 'am-nhac', [3], 'audio', {
    series: 'chan-troi',
    description: 'Bản thu âm bài hát dùng cho tiết Âm nhạc lớp 3.',
    keywords: ['bài hát', 'âm nhạc', 'trường em'],
    creators: ['Tổ Năng khiếu'],
  }),
  r(
    'TH-VTS',
    'Tự nhiên và Xã hội 2 – Các mùa trong năm (tranh minh hoạ)',
    'hinh-anh',
    'tu-nhien-xa-hoi',
    [2],
    'image',
    {
      description: 'Tranh minh hoạ bốn mùa dùng trong bài học về thời tiết và các mùa.',
      keywords: ['mùa', 'thời tiết', 'tranh'],
      creators: ['Lê Thu Trang'],
    },
  ),
  r('TH-VTS', 'Đề kiểm tra cuối học kì I – Toán 3', 'de-kiem-tra', 'toan', [3], 'pdf', {
    audience: ['teacher'],
    scope: 'school',
    description: 'Đề kiểm tra định kì cuối học kì I kèm đáp án và hướng dẫn chấm.',
    keywords: ['đề thi', 'học kì I', 'đáp án'],
    creators: ['Tổ khối 3'],
  }),
  r('TH-VTS', 'Khoa học 4 – Vòng tuần hoàn của nước (mô phỏng)', 'mo-phong', 'khoa-hoc', [4], 'simulation', {
    series: 'canh-dieu',
    description: 'Mô phỏng tương tác sự bay hơi, ngưng tụ và mưa trong vòng tuần hoàn của nước.',
    keywords: ['nước', 'bay hơi', 'ngưng tụ', 'mô phỏng'],
    creators: ['Phạm Quốc Khánh'],
  }),
  r('TH-VTS', 'Đạo đức 5 – Biết ơn những người có công với quê hương', 'ke-hoach-bai-day', 'dao-duc', [5], 'pdf', {
    audience: ['teacher'],
    description: 'Kế hoạch bài dạy theo Công văn 2345 cho tiết Đạo đức lớp 5.',
    keywords: ['kế hoạch bài dạy', 'biết ơn', 'quê hương'],
    creators: ['Nguyễn Thị Hoa'],
  }),
  r('TH-VTS', 'Tiếng Anh 3 – Unit 1: Hello', 'video', 'tieng-anh', [3], 'video', {
    series: null,
    description: 'Video luyện nghe và chào hỏi cho học sinh lớp 3.',
    keywords: ['hello', 'greetings', 'chào hỏi'],
    creators: ['Đỗ Mai Anh'],
    licence: 'cc-by',
  }),

  // Trường Tiểu học Lý Tự Trọng
  r('TH-LTT', 'Tiếng Việt 4 – Luyện từ và câu: Danh từ', 'bai-giang', 'tieng-viet', [4], 'pdf', {
    description: 'Bài giảng nhận biết danh từ chung, danh từ riêng với nhiều ví dụ gần gũi.',
    keywords: ['danh từ', 'luyện từ và câu'],
    creators: ['Võ Thị Lan'],
  }),
  r('TH-LTT', 'Toán 5 – Hình hộp chữ nhật và hình lập phương', 'bai-giang', 'toan', [5], 'pdf', {
    series: 'canh-dieu',
    description: 'Diện tích xung quanh, diện tích toàn phần và thể tích hình hộp chữ nhật, hình lập phương.',
    keywords: ['hình học', 'thể tích', 'hình lập phương'],
    creators: ['Huỳnh Văn Tài'],
  }),
  r('TH-LTT', 'Lịch sử và Địa lí 4 – Thiên nhiên vùng Nam Bộ', 'video', 'lich-su-dia-li', [4], 'video', {
    description: 'Video giới thiệu sông ngòi, kênh rạch và đồng bằng Nam Bộ.',
    keywords: ['Nam Bộ', 'đồng bằng', 'sông Cửu Long'],
    creators: ['Trần Quốc Việt'],
  }),
  r('TH-LTT', 'Mĩ thuật 2 – Màu sắc trong thiên nhiên', 'hinh-anh', 'mi-thuat', [2], 'image', {
    series: 'chan-troi',
    description: 'Bộ tranh mẫu về màu sắc dùng cho tiết Mĩ thuật.',
    keywords: ['màu sắc', 'vẽ tranh'],
    creators: ['Ngô Thị Hồng'],
  }),
  r('TH-LTT', 'Tin học 3 – Làm quen với chuột máy tính', 'ke-hoach-bai-day', 'tin-hoc', [3], 'pdf', {
    audience: ['teacher'],
    scope: 'subtree',
    description: 'Kế hoạch bài dạy tiết Tin học đầu tiên: cầm chuột, di chuyển, nháy chuột.',
    keywords: ['chuột máy tính', 'tin học'],
    creators: ['Lâm Văn Phúc'],
  }),
  r('TH-LTT', 'Công nghệ 3 – Sử dụng quạt điện an toàn', 'bai-giang', 'cong-nghe', [3], null, {
    status: 'submitted',
    description: 'Bài giảng về các bộ phận và cách sử dụng quạt điện an toàn.',
    keywords: ['quạt điện', 'an toàn điện'],
    creators: ['Lâm Văn Phúc'],
  }),

  // Trường THCS Nhựt Tảo
  r('THCS-NT', 'Toán 6 – Bài 1: Tập hợp', 'bai-giang', 'toan', [6], 'pdf', {
    lesson: 'Bài 1: Tập hợp',
    description: 'Bài giảng điện tử về tập hợp, phần tử và cách viết tập hợp, có câu hỏi khởi động.',
    keywords: ['tập hợp', 'phần tử', 'số tự nhiên'],
    creators: ['Lê Minh Giáo'],
  }),
  r('THCS-NT', 'Toán 6 – Phiếu bài tập: Ước và bội', 'de-kiem-tra', 'toan', [6], 'pdf', {
    description: 'Phiếu luyện tập ước chung, bội chung, ước chung lớn nhất và bội chung nhỏ nhất.',
    keywords: ['ước', 'bội', 'ƯCLN', 'BCNN'],
    creators: ['Lê Minh Giáo'],
  }),
  r('THCS-NT', 'Ngữ văn 6 – Bài 1: Lắng nghe lịch sử nước mình', 'bai-giang', 'ngu-van', [6], 'pdf', {
    lesson: 'Bài 1',
    description: 'Đọc hiểu truyền thuyết Thánh Gióng và Sự tích Hồ Gươm.',
    keywords: ['truyền thuyết', 'Thánh Gióng', 'Hồ Gươm'],
    creators: ['Nguyễn Thị Văn'],
  }),
  r('THCS-NT', 'Khoa học tự nhiên 7 – Tốc độ chuyển động', 'mo-phong', 'khtn', [7], 'simulation', {
    description: 'Thí nghiệm ảo đo quãng đường và thời gian để tính tốc độ của xe.',
    keywords: ['tốc độ', 'chuyển động', 'thí nghiệm ảo'],
    creators: ['Phan Văn Lý'],
  }),
  r('THCS-NT', 'Lịch sử và Địa lí 8 – Chiến tranh thế giới thứ nhất', 'video', 'lich-su-dia-li', [8], 'video', {
    description: 'Video tư liệu tóm tắt nguyên nhân, diễn biến và hậu quả.',
    keywords: ['chiến tranh thế giới', 'lịch sử thế giới'],
    creators: ['Trương Thị Sử'],
  }),
  r('THCS-NT', 'Tiếng Anh 9 – Unit 3: Teen stress and pressure (listening)', 'am-thanh', 'tieng-anh', [9], 'audio', {
    series: 'ket-noi',
    description: 'Bài nghe kèm câu hỏi cho Unit 3, Global Success 9.',
    keywords: ['listening', 'stress', 'nghe hiểu'],
    creators: ['Đinh Ngọc Anh'],
    licence: 'cc-by-nc',
  }),
  r('THCS-NT', 'Giáo dục công dân 7 – Bảo tồn di sản văn hoá', 'ke-hoach-bai-day', 'gdcd', [7], 'pdf', {
    audience: ['teacher'],
    scope: 'school',
    description: 'Kế hoạch bài dạy có hoạt động nhóm tìm hiểu di tích ở địa phương.',
    keywords: ['di sản', 'văn hoá', 'địa phương'],
    creators: ['Nguyễn Thị Văn'],
  }),
  r('THCS-NT', 'Tin học 8 – Lập trình trực quan với Scratch', 'bai-giang', 'tin-hoc', [8], 'pdf', {
    series: 'canh-dieu',
    description: 'Cấu trúc rẽ nhánh và lặp trong Scratch qua trò chơi đơn giản.',
    keywords: ['Scratch', 'lập trình', 'vòng lặp'],
    creators: ['Lương Tuấn Tin'],
  }),
  r('THCS-NT', 'Âm nhạc 6 – Hát: Reo vang bình minh', 'am-thanh', 'am-nhac', [6], 'audio', {
    series: 'chan-troi',
    description: 'File âm thanh bài hát và nhạc đệm.',
    keywords: ['hát', 'bình minh'],
    creators: ['Tổ Nghệ thuật'],
  }),
  r('THCS-NT', 'Toán 7 – Tam giác bằng nhau (nháp)', 'bai-giang', 'toan', [7], null, {
    status: 'draft',
    scope: 'school',
    description: 'Bản nháp bài giảng, chưa gửi duyệt.',
    keywords: ['tam giác', 'hình học'],
    creators: ['Lê Minh Giáo'],
  }),
  r('THCS-NT', 'Hoạt động trải nghiệm 9 – Định hướng nghề nghiệp', 'bai-giang', 'hdtn', [9], 'pdf', {
    status: 'submitted',
    description: 'Gợi ý hoạt động tìm hiểu nghề và lập kế hoạch học tập sau THCS.',
    keywords: ['hướng nghiệp', 'nghề nghiệp'],
    creators: ['Lê Minh Giáo'],
  }),

  // Trường THCS Lợi Bình Nhơn
  r('THCS-LBN', 'Ngữ văn 7 – Bài 2: Bài thơ bốn chữ, năm chữ', 'bai-giang', 'ngu-van', [7], 'pdf', {
    description: 'Nhận biết đặc điểm thơ bốn chữ, năm chữ qua các văn bản trong sách.',
    keywords: ['thơ', 'bốn chữ', 'năm chữ'],
    creators: ['Hồ Thị Thơ'],
  }),
  r('THCS-LBN', 'Khoa học tự nhiên 6 – Tế bào: đơn vị cơ sở của sự sống', 'hinh-anh', 'khtn', [6], 'image', {
    description: 'Hình ảnh tế bào thực vật và động vật dưới kính hiển vi.',
    keywords: ['tế bào', 'kính hiển vi', 'sinh học'],
    creators: ['Mai Văn Sinh'],
  }),
  r('THCS-LBN', 'Toán 8 – Hằng đẳng thức đáng nhớ', 'bai-giang', 'toan', [8], 'pdf', {
    description: 'Bảy hằng đẳng thức đáng nhớ, chứng minh bằng hình học và bài tập vận dụng.',
    keywords: ['hằng đẳng thức', 'đại số'],
    creators: ['Châu Văn Số'],
  }),
  r('THCS-LBN', 'Đề kiểm tra giữa kì II – Khoa học tự nhiên 8', 'de-kiem-tra', 'khtn', [8], 'pdf', {
    audience: ['teacher'],
    scope: 'subtree',
    description: 'Ma trận, đặc tả, đề và đáp án kiểm tra giữa kì II.',
    keywords: ['ma trận đề', 'kiểm tra giữa kì'],
    creators: ['Tổ Khoa học tự nhiên'],
  }),
  r('THCS-LBN', 'Công nghệ 6 – Nhà ở thông minh', 'video', 'cong-nghe', [6], 'video', {
    description: 'Giới thiệu các hệ thống điều khiển trong ngôi nhà thông minh.',
    keywords: ['nhà thông minh', 'công nghệ'],
    creators: ['Tạ Minh Công'],
  }),
  r('THCS-LBN', 'Giáo dục thể chất 7 – Kĩ thuật chạy cự li ngắn', 'video', 'gdtc', [7], 'video', {
    series: 'canh-dieu',
    description: 'Video hướng dẫn kĩ thuật xuất phát và chạy giữa quãng.',
    keywords: ['chạy ngắn', 'điền kinh'],
    creators: ['Đoàn Văn Khoẻ'],
  }),
  r('THCS-LBN', 'Nội dung giáo dục địa phương 6 – Di tích lịch sử ở quê em', 'sach-dien-tu', 'gddp', [6], 'pdf', {
    series: null,
    description: 'Tài liệu tham khảo về các di tích lịch sử, văn hoá của tỉnh.',
    keywords: ['di tích', 'địa phương', 'lịch sử'],
    creators: ['Sở Giáo dục và Đào tạo'],
  }),

  // Trường THPT chuyên Trần Văn Giàu
  r('THPT-TVG', 'Vật lí 10 – Chuyển động ném ngang (thí nghiệm ảo)', 'mo-phong', 'vat-li', [10], 'simulation', {
    description: 'Mô phỏng quỹ đạo vật ném ngang khi thay đổi vận tốc đầu và độ cao.',
    keywords: ['ném ngang', 'quỹ đạo', 'động học'],
    creators: ['Trịnh Quang Lý'],
  }),
  r('THPT-TVG', 'Hoá học 11 – Cân bằng hoá học', 'bai-giang', 'hoa-hoc', [11], 'pdf', {
    description: 'Hằng số cân bằng, nguyên lí Le Chatelier và ứng dụng trong sản xuất.',
    keywords: ['cân bằng hoá học', 'Le Chatelier'],
    creators: ['Dương Thị Hoá'],
  }),
  r('THPT-TVG', 'Sinh học 12 – Di truyền học quần thể', 'bai-giang', 'sinh-hoc', [12], 'pdf', {
    description: 'Cấu trúc di truyền của quần thể tự phối và ngẫu phối, định luật Hardy–Weinberg.',
    keywords: ['di truyền', 'quần thể', 'Hardy-Weinberg'],
    creators: ['Kiều Văn Sinh'],
  }),
  r('THPT-TVG', 'Toán 12 – Nguyên hàm và tích phân (chuyên đề)', 'sach-dien-tu', 'toan', [12], 'pdf', {
    series: null,
    description: 'Tài liệu chuyên đề bồi dưỡng học sinh giỏi: các phương pháp tính tích phân.',
    keywords: ['tích phân', 'nguyên hàm', 'học sinh giỏi'],
    creators: ['Tổ Toán chuyên'],
  }),
  r('THPT-TVG', 'Tiếng Anh 11 – Unit 4: ASEAN and Viet Nam', 'bai-giang', 'tieng-anh', [11], 'pdf', {
    description: 'Bài giảng đọc hiểu và thảo luận về Cộng đồng ASEAN.',
    keywords: ['ASEAN', 'reading'],
    creators: ['Phạm Ngọc Anh'],
    licence: 'cc-by',
  }),
  r(
    'THPT-TVG',
    'Lịch sử 11 – Cách mạng tư sản và sự phát triển của chủ nghĩa tư bản',
    'video',
    'lich-su',
    [11],
    'video',
    {
      description: 'Video tư liệu tổng hợp về các cuộc cách mạng tư sản tiêu biểu.',
      keywords: ['cách mạng tư sản', 'chủ nghĩa tư bản'],
      creators: ['Tổ Lịch sử'],
    },
  ),
  r('THPT-TVG', 'Ngữ văn 12 – Ôn thi tốt nghiệp: nghị luận xã hội', 'de-kiem-tra', 'ngu-van', [12], 'pdf', {
    status: 'submitted',
    description: 'Bộ đề luyện viết đoạn văn nghị luận xã hội 200 chữ.',
    keywords: ['ôn thi', 'nghị luận xã hội', 'tốt nghiệp THPT'],
    creators: ['Tổ Ngữ văn'],
  }),
  r('THPT-TVG', 'Tin học 10 – Python: câu lệnh rẽ nhánh', 'bai-giang', 'tin-hoc', [10], 'pdf', {
    description: 'Câu lệnh if, if-else trong Python với ví dụ và bài tập.',
    keywords: ['Python', 'if', 'lập trình'],
    creators: ['Lương Tuấn Tin'],
    licence: 'cc-by',
  }),

  // Trường THPT Tân An
  r('THPT-TA', 'Địa lí 10 – Thạch quyển, thuyết kiến tạo mảng', 'hinh-anh', 'dia-li', [10], 'image', {
    description: 'Bản đồ các mảng kiến tạo và ranh giới mảng.',
    keywords: ['kiến tạo mảng', 'thạch quyển'],
    creators: ['Tăng Văn Địa'],
  }),
  r('THPT-TA', 'Giáo dục kinh tế và pháp luật 10 – Ngân sách nhà nước', 'bai-giang', 'gdktpl', [10], 'pdf', {
    description: 'Khái niệm, đặc điểm và vai trò của ngân sách nhà nước.',
    keywords: ['ngân sách', 'kinh tế'],
    creators: ['Lý Thị Luật'],
  }),
  r('THPT-TA', 'Vật lí 11 – Dao động điều hoà', 'video', 'vat-li', [11], 'video', {
    description: 'Video thí nghiệm con lắc lò xo và đồ thị dao động.',
    keywords: ['dao động điều hoà', 'con lắc lò xo'],
    creators: ['Âu Văn Động'],
  }),
  r(
    'THPT-TA',
    'Giáo dục quốc phòng và an ninh 11 – Kĩ thuật băng bó cứu thương',
    'ke-hoach-bai-day',
    'gdqpan',
    [11],
    'pdf',
    {
      audience: ['teacher'],
      scope: 'subtree',
      description: 'Kế hoạch bài dạy thực hành băng bó và cứu thương.',
      keywords: ['băng bó', 'sơ cứu'],
      creators: ['Tổ GDQP-AN'],
    },
  ),
  r('THPT-TA', 'Toán 10 – Hệ thức lượng trong tam giác', 'bai-giang', 'toan', [10], 'pdf', {
    series: 'chan-troi',
    description: 'Định lí côsin, định lí sin và công thức tính diện tích tam giác.',
    keywords: ['định lí côsin', 'định lí sin', 'tam giác'],
    creators: ['Quách Văn Toán'],
  }),
  r('THPT-TA', 'Hoá học 10 – Bảng tuần hoàn các nguyên tố', 'hinh-anh', 'hoa-hoc', [10], 'image', {
    description: 'Bảng tuần hoàn in khổ lớn, có chú thích nhóm và chu kì.',
    keywords: ['bảng tuần hoàn', 'nguyên tố'],
    creators: ['Dương Thị Hoá'],
    licence: 'cc0',
  }),
  r('THPT-TA', 'Âm nhạc 10 – Dân ca Nam Bộ', 'am-thanh', 'am-nhac', [10], 'audio', {
    series: 'canh-dieu',
    description: 'Bản thu các làn điệu dân ca Nam Bộ tiêu biểu.',
    keywords: ['dân ca', 'Nam Bộ', 'đờn ca tài tử'],
    creators: ['Tổ Nghệ thuật'],
  }),
  r('THPT-TA', 'Sinh học 10 – Quang hợp (thí nghiệm ảo)', 'mo-phong', 'sinh-hoc', [10], 'simulation', {
    description: 'Thí nghiệm ảo về ảnh hưởng của ánh sáng đến cường độ quang hợp.',
    keywords: ['quang hợp', 'diệp lục', 'thí nghiệm ảo'],
    creators: ['Kiều Văn Sinh'],
  }),
  r('THPT-TA', 'Sách giáo khoa điện tử Ngữ văn 10 – Tập một', 'sgk-dien-tu', 'ngu-van', [10], 'pdf', {
    licence: 'all-rights-reserved',
    description: 'Bản điện tử sách giáo khoa Ngữ văn 10, tập một.',
    keywords: ['sách giáo khoa', 'Ngữ văn 10'],
    creators: ['Nhà xuất bản Giáo dục Việt Nam'],
  }),
];
